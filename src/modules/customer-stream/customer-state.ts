import {
  CUSTOMER_REGISTERED,
  CUSTOMER_UPDATED,
  CustomerEvent,
  CustomerRegisteredData,
  CustomerUpdatedData,
  POINTS_ADJUSTED,
  POINTS_AWARDED,
  PointsAdjustedData,
  PointsAwardedData,
  REWARD_REDEEMED,
  RewardRedeemedData,
} from './customer-events';

/**
 * The one definition of how events change a customer. The write side folds a decision's events
 * through `evolve` and writes the result as the projection row; verify, rebuild and the export's
 * replay fold stored events through it too. There is no second copy of these rules, in SQL or
 * anywhere else. Pure: no framework, no I/O.
 */

/** What the events say about a customer: the columns of the `customer_accounts` projection. */
export interface CustomerState {
  /** From `customer.registered`; null until the customer is registered. */
  readonly loyaltyCode: string | null;
  readonly name: string | null;
  readonly email: string | null;
  readonly birthday: string | null;
  readonly pointsBalance: number;
  readonly lifetimePoints: number;
  /** How many events were applied: the stream version the projection must be at. */
  readonly version: number;
}

export const UNREGISTERED: CustomerState = Object.freeze({
  loyaltyCode: null,
  name: null,
  email: null,
  birthday: null,
  pointsBalance: 0,
  lifetimePoints: 0,
  version: 0,
});

export type ReplayErrorCode = 'unknown_event_type' | 'unknown_schema_version' | 'invalid_data' | 'not_registered' | 'already_registered' | 'overdrawn';

/**
 * An event that cannot apply. Thrown rather than skipped: an event nobody understands would
 * otherwise change no balance in the replay and hide exactly what an audit must find. On the write
 * side it means a decision proposed something impossible, and nothing is written.
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

/** The customer after `event`; a ReplayError for an event that cannot apply to `state`. */
export function evolve(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case CUSTOMER_REGISTERED:
      return registered(state, event.data);
    case POINTS_AWARDED:
      return awarded(state, event.data);
    case REWARD_REDEEMED:
      return redeemed(state, event.data);
    case CUSTOMER_UPDATED:
      return updated(state, event.data);
    case POINTS_ADJUSTED:
      return adjusted(state, event.data);
  }
}

/** Folds `events` from `from` (a new customer by default). */
export function replay(events: Iterable<CustomerEvent>, from: CustomerState = UNREGISTERED): CustomerState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}

function registered(state: CustomerState, data: CustomerRegisteredData): CustomerState {
  if (state.loyaltyCode !== null) throw new ReplayError('already_registered', 'customer.registered for a customer already registered');
  return customer(state, data.loyalty_code, data.name, data.email, data.birthday, state.pointsBalance, state.lifetimePoints);
}

/** Awards raise both the balance and the lifetime points. */
function awarded(state: CustomerState, data: PointsAwardedData): CustomerState {
  assertRegistered(state, POINTS_AWARDED);
  return points(state, state.pointsBalance + data.points, state.lifetimePoints + data.points);
}

/** Redemptions lower only the balance, which never goes below zero. */
function redeemed(state: CustomerState, data: RewardRedeemedData): CustomerState {
  assertRegistered(state, REWARD_REDEEMED);
  const cost = data.points_cost;
  if (cost > state.pointsBalance) throw new ReplayError('overdrawn', `reward.redeemed costs ${cost} points with a balance of ${state.pointsBalance}`);
  return points(state, state.pointsBalance - cost, state.lifetimePoints);
}

/** A correction replaces the fields it names and keeps the others. */
function updated(state: CustomerState, data: CustomerUpdatedData): CustomerState {
  assertRegistered(state, CUSTOMER_UPDATED);
  return customer(
    state,
    state.loyaltyCode,
    data.name !== undefined ? data.name : state.name,
    data.email !== undefined ? data.email : state.email,
    data.birthday !== undefined ? data.birthday : state.birthday,
    state.pointsBalance,
    state.lifetimePoints,
  );
}

/**
 * Staff adjustments: a positive one is earned like an award (balance and lifetime points), whatever
 * the balance was; a negative one is taken from the balance only, like a redemption, and never
 * below zero.
 */
function adjusted(state: CustomerState, data: PointsAdjustedData): CustomerState {
  assertRegistered(state, POINTS_ADJUSTED);
  const balance = state.pointsBalance + data.points;
  if (data.points > 0) return points(state, balance, state.lifetimePoints + data.points);
  if (balance < 0) throw new ReplayError('overdrawn', `points.adjusted takes ${-data.points} points with a balance of ${state.pointsBalance}`);
  return points(state, balance, state.lifetimePoints);
}

/** The state one event later with new figures. */
function points(state: CustomerState, pointsBalance: number, lifetimePoints: number): CustomerState {
  return customer(state, state.loyaltyCode, state.name, state.email, state.birthday, pointsBalance, lifetimePoints);
}

/**
 * The state one event after `state`, written out member by member: verify replays every event of
 * the ledger, and an object spread costs it many times more.
 */
function customer(
  state: CustomerState,
  loyaltyCode: string | null,
  name: string | null,
  email: string | null,
  birthday: string | null,
  pointsBalance: number,
  lifetimePoints: number,
): CustomerState {
  return { loyaltyCode, name, email, birthday, pointsBalance, lifetimePoints, version: state.version + 1 };
}

function assertRegistered(state: CustomerState, type: string): void {
  if (state.loyaltyCode === null) throw new ReplayError('not_registered', `${type} before customer.registered`);
}
