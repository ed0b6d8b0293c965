import {
  ADJUSTMENT_REASONS,
  CUSTOMER_REGISTERED,
  CUSTOMER_UPDATED,
  CustomerEvent,
  POINTS_ADJUSTED,
  POINTS_AWARDED,
  POINTS_EXPIRED,
  POINTS_REFUNDED,
  REDEMPTION_REVERSED,
  REWARD_REDEEMED,
} from './customer-events';
import { CustomerState, evolve, ReplayError, UNREGISTERED } from './customer-state';

/**
 * From a stored event (a row, a line of the export) to the typed union `evolve` takes. The ledger
 * is read by auditors' tools and may have been tampered with, so nothing is trusted: an unknown
 * type or schema version, or a member `evolve` reads that is missing or of the wrong kind, is a
 * ReplayError, never a silent zero.
 */

/** What a reader of the ledger has of an event. */
export interface StoredEventLike {
  type: string;
  /** Absent means 1; any other version is not understood by this replay. */
  schemaVersion?: number;
  data: unknown;
}

/** The customer after a stored event: decoded, then `evolve`. */
export function applyStoredEvent(state: CustomerState, event: StoredEventLike): CustomerState {
  return evolve(state, decodeCustomerEvent(event));
}

/** Folds stored events from `from` (a new customer by default). */
export function replayStored(events: Iterable<StoredEventLike>, from: CustomerState = UNREGISTERED): CustomerState {
  let state = from;
  for (const event of events) state = applyStoredEvent(state, event);
  return state;
}

export function decodeCustomerEvent(event: StoredEventLike): CustomerEvent {
  if ((event.schemaVersion ?? 1) !== 1) throw new ReplayError('unknown_schema_version', `${event.type} schema version ${event.schemaVersion} is not known`);
  const data = event.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ReplayError('invalid_data', `${event.type} has no data object`);
  const d = data as Record<string, unknown>;
  switch (event.type) {
    case CUSTOMER_REGISTERED:
      if (typeof d.loyalty_code !== 'string' || !/^[0-9A-F]{8}$/.test(d.loyalty_code)) throw invalid(event.type, 'loyalty_code: 8 characters 0-9A-F');
      return { type: CUSTOMER_REGISTERED, data: data as never };
    case POINTS_AWARDED:
      requirePositiveInteger(event.type, d, 'points');
      return { type: POINTS_AWARDED, data: data as never };
    case REWARD_REDEEMED:
      requirePositiveInteger(event.type, d, 'points_cost');
      return { type: REWARD_REDEEMED, data: data as never };
    case POINTS_REFUNDED:
      requireNonNegativeInteger(event.type, d, 'points_removed');
      requireNonNegativeInteger(event.type, d, 'unrecovered_points');
      if ((d.unrecovered_points as number) > (d.points_removed as number)) throw invalid(event.type, 'unrecovered_points: at most points_removed');
      return { type: POINTS_REFUNDED, data: data as never };
    case REDEMPTION_REVERSED:
      requirePositiveInteger(event.type, d, 'points_restored');
      return { type: REDEMPTION_REVERSED, data: data as never };
    case CUSTOMER_UPDATED:
      requireCorrection(event.type, d);
      return { type: CUSTOMER_UPDATED, data: data as never };
    case POINTS_ADJUSTED:
      requireNonZeroInteger(event.type, d, 'points');
      if (!(ADJUSTMENT_REASONS as readonly unknown[]).includes(d.reason)) throw invalid(event.type, `reason: one of ${ADJUSTMENT_REASONS.join(', ')}`);
      return { type: POINTS_ADJUSTED, data: data as never };
    case POINTS_EXPIRED:
      requirePositiveInteger(event.type, d, 'points');
      requireNonNegativeInteger(event.type, d, 'lot');
      return { type: POINTS_EXPIRED, data: data as never };
    default:
      throw new ReplayError('unknown_event_type', `unknown event type "${event.type}"`);
  }
}

function requirePositiveInteger(type: string, data: Record<string, unknown>, name: string): void {
  const value = data[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw invalid(type, `${name}: an integer of at least 1`);
}

function requireNonNegativeInteger(type: string, data: Record<string, unknown>, name: string): void {
  const value = data[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalid(type, `${name}: an integer of at least 0`);
}

function requireNonZeroInteger(type: string, data: Record<string, unknown>, name: string): void {
  const value = data[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value === 0) throw invalid(type, `${name}: a non-zero integer`);
}

/** What `evolve` takes from a correction: at least one field, each of the kind the projection holds. */
function requireCorrection(type: string, data: Record<string, unknown>): void {
  const { name, email, birthday } = data;
  if (name === undefined && email === undefined && birthday === undefined) throw invalid(type, 'at least one of name, email, birthday');
  if (name !== undefined && (typeof name !== 'string' || name === '')) throw invalid(type, 'name: a non-empty string');
  if (email !== undefined && email !== null && typeof email !== 'string') throw invalid(type, 'email: a string or null');
  if (birthday !== undefined && birthday !== null && (typeof birthday !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(birthday)))
    throw invalid(type, 'birthday: YYYY-MM-DD or null');
}

function invalid(type: string, what: string): ReplayError {
  return new ReplayError('invalid_data', `${type} needs ${what}`);
}
