import { CUSTOMER_REGISTERED } from '../../customers/customer.events';
import { POINTS_AWARDED } from '../../points/points.events';
import { REWARD_REDEEMED } from '../../rewards/rewards.events';

/**
 * The one definition of how events change a customer. Verify, rebuild and the export's replay test
 * all fold a customer's events through `evolve`; there is no second copy of these rules to drift.
 * Pure: no framework, no I/O.
 */

/** What the events say about a customer: the columns of the `customer_accounts` projection they own. */
export interface CustomerState {
  /** From `customer.registered`; null until the customer is registered. */
  readonly loyaltyCode: string | null;
  readonly pointsBalance: number;
  readonly lifetimePoints: number;
  /** How many events were applied: the stream version the projection must be at. */
  readonly version: number;
}

export const UNREGISTERED: CustomerState = Object.freeze({ loyaltyCode: null, pointsBalance: 0, lifetimePoints: 0, version: 0 });

/** The part of an event the replay reads (a stored event, or a line of the export, both fit). */
export interface ReplayableEvent {
  type: string;
  /** Absent means 1; any other version is not understood by this replay. */
  schemaVersion?: number;
  data: unknown;
}

export type ReplayErrorCode = 'unknown_event_type' | 'unknown_schema_version' | 'invalid_data' | 'not_registered' | 'already_registered' | 'overdrawn';

/**
 * An event this replay cannot apply. Thrown rather than skipped: an event nobody understands would
 * otherwise change no balance in the replay and hide exactly what an audit must find.
 */
export class ReplayError extends Error {
  constructor(
    readonly code: ReplayErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReplayError';
  }
}

/** The customer after `event`; throws a ReplayError for an event that cannot apply to `state`. */
export function evolve(state: CustomerState, event: ReplayableEvent): CustomerState {
  if ((event.schemaVersion ?? 1) !== 1) throw new ReplayError('unknown_schema_version', `${event.type} schema version ${event.schemaVersion} is not known`);
  switch (event.type) {
    case CUSTOMER_REGISTERED:
      return registered(state, event.data);
    case POINTS_AWARDED:
      return awarded(state, event.data);
    case REWARD_REDEEMED:
      return redeemed(state, event.data);
    default:
      throw new ReplayError('unknown_event_type', `unknown event type "${event.type}"`);
  }
}

export const applyStoredEvent = evolve;

/** Folds `events` from `from` (a new customer by default). */
export function replay(events: Iterable<ReplayableEvent>, from: CustomerState = UNREGISTERED): CustomerState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}

function registered(state: CustomerState, data: unknown): CustomerState {
  if (state.loyaltyCode !== null) throw new ReplayError('already_registered', 'customer.registered for a customer already registered');
  const code = field(data, 'loyalty_code');
  if (typeof code !== 'string' || !/^[0-9A-F]{8}$/.test(code)) throw new ReplayError('invalid_data', 'customer.registered needs loyalty_code: 8 characters 0-9A-F');
  return customer(code, state.pointsBalance, state.lifetimePoints, state.version + 1);
}

/** Awards raise both the balance and the lifetime points. */
function awarded(state: CustomerState, data: unknown): CustomerState {
  assertRegistered(state, POINTS_AWARDED);
  const points = positiveInteger(data, 'points', POINTS_AWARDED);
  return customer(state.loyaltyCode, state.pointsBalance + points, state.lifetimePoints + points, state.version + 1);
}

/** Redemptions lower only the balance, which never goes below zero. */
function redeemed(state: CustomerState, data: unknown): CustomerState {
  assertRegistered(state, REWARD_REDEEMED);
  const cost = positiveInteger(data, 'points_cost', REWARD_REDEEMED);
  if (cost > state.pointsBalance) throw new ReplayError('overdrawn', `reward.redeemed costs ${cost} points with a balance of ${state.pointsBalance}`);
  return customer(state.loyaltyCode, state.pointsBalance - cost, state.lifetimePoints, state.version + 1);
}

/** Written out member by member: verify replays every event, and an object spread costs some fifty times more. */
function customer(loyaltyCode: string | null, pointsBalance: number, lifetimePoints: number, version: number): CustomerState {
  return { loyaltyCode, pointsBalance, lifetimePoints, version };
}

function assertRegistered(state: CustomerState, type: string): void {
  if (state.loyaltyCode === null) throw new ReplayError('not_registered', `${type} before customer.registered`);
}

function positiveInteger(data: unknown, name: string, type: string): number {
  const value = field(data, name);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new ReplayError('invalid_data', `${type} needs ${name}: an integer of at least 1`);
  return value;
}

function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>)[name] : undefined;
}
