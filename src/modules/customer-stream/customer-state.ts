import {
  CUSTOMER_REGISTERED,
  CUSTOMER_UPDATED,
  CustomerEvent,
  CustomerRegisteredData,
  CustomerUpdatedData,
  POINTS_ADJUSTED,
  POINTS_AWARDED,
  POINTS_REFUNDED,
  PointsAdjustedData,
  POINTS_EXPIRED,
  PointsAwardedData,
  PointsExpiredData,
  PointsRefundedData,
  REDEMPTION_REVERSED,
  RedemptionReversedData,
  REWARD_REDEEMED,
  RewardRedeemedData,
} from './customer-events';
import { addLot, Lot, NEVER_EXPIRING_LOT, LotShare, restore, RestoredShare, splitSpending, take, totalPoints } from './lots';

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
  /**
   * The balance as lots (lots.ts), soonest expiry first: they hold max(balance, 0) points between
   * them (a negative balance has none; earnings pay the debt before they form a lot). Optional
   * only for verify's fast tally, which does not hold lots yet (its streams with lots then fall
   * back to the reference audit); `evolve` always returns them.
   */
  readonly lots?: readonly Lot[];
  /** How many events were applied: the stream version the projection must be at. */
  readonly version: number;
}

const NO_LOTS: readonly Lot[] = Object.freeze([]);

export const UNREGISTERED: CustomerState = Object.freeze({
  loyaltyCode: null,
  name: null,
  email: null,
  birthday: null,
  pointsBalance: 0,
  lifetimePoints: 0,
  lots: NO_LOTS,
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
    case POINTS_REFUNDED:
      return refunded(state, event.data);
    case REDEMPTION_REVERSED:
      return reversed(state, event.data);
    case CUSTOMER_UPDATED:
      return updated(state, event.data);
    case POINTS_ADJUSTED:
      return adjusted(state, event.data);
    case POINTS_EXPIRED:
      return expired(state, event.data);
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
  return customer(state, data.loyalty_code, data.name, data.email, data.birthday, state.pointsBalance, state.lifetimePoints, lotsOf(state));
}

/** Awards raise both the balance and the lifetime points. */
function awarded(state: CustomerState, data: PointsAwardedData): CustomerState {
  assertRegistered(state, POINTS_AWARDED);
  const balance = state.pointsBalance + data.points;
  const lots = addLot(lotsOf(state), positive(balance) - positive(state.pointsBalance), data.expires_at ?? null, state.version + 1);
  return points(state, balance, state.lifetimePoints + data.points, lots);
}

/** Redemptions lower only the balance, which never goes below zero. */
function redeemed(state: CustomerState, data: RewardRedeemedData): CustomerState {
  assertRegistered(state, REWARD_REDEEMED);
  const cost = data.points_cost;
  if (cost > state.pointsBalance) throw new ReplayError('overdrawn', `reward.redeemed costs ${cost} points with a balance of ${state.pointsBalance}`);
  const lots = spent(state, REWARD_REDEEMED, data.lots, cost);
  return points(state, state.pointsBalance - cost, state.lifetimePoints, lots);
}

/**
 * Refunds take their points off the lifetime points, and off the balance all but what it could not
 * give back (unrecovered under floor_at_zero; under allow_negative the balance may go below 0) and
 * what had expired from the sale's own lot already (not taken twice). The lots give what the
 * balance loses above zero: the sale's own lot first, as the event records.
 */
function refunded(state: CustomerState, data: PointsRefundedData): CustomerState {
  assertRegistered(state, POINTS_REFUNDED);
  const balance = state.pointsBalance - (data.points_removed - data.unrecovered_points - (data.expired_points ?? 0));
  const drop = positive(state.pointsBalance) - positive(balance);
  const lots = spent(state, POINTS_REFUNDED, data.lots, drop, data.sale_lot ?? null);
  return points(state, balance, state.lifetimePoints - data.points_removed, lots);
}

/** A reversed redemption gives its points back to the balance, and to the lots they came from with their expiry. */
function reversed(state: CustomerState, data: RedemptionReversedData): CustomerState {
  assertRegistered(state, REDEMPTION_REVERSED);
  const balance = state.pointsBalance + data.points_restored;
  const shares = data.lots ?? [{ lot: NEVER_EXPIRING_LOT, points: data.points_restored, expires_at: null }];
  // A negative balance is paid first: only what rises above zero goes back to lots.
  const lots = restore(lotsOf(state), capped(shares, positive(balance) - positive(state.pointsBalance)));
  return points(state, balance, state.lifetimePoints, lots);
}

/** A lot reached its expiry: its points leave the balance, not the lifetime points. */
function expired(state: CustomerState, data: PointsExpiredData): CustomerState {
  assertRegistered(state, POINTS_EXPIRED);
  const lots = take(lotsOf(state), [{ lot: data.lot, points: data.points }]);
  if (lots === null || data.points < 1)
    throw new ReplayError('invalid_data', `points.expired takes ${data.points} points from lot ${data.lot}, which does not hold them`);
  return points(state, state.pointsBalance - data.points, state.lifetimePoints, lots);
}

/**
 * The lots after `total` points are taken: as the event recorded its split, which must fit the
 * lots; first-expiring-first (after lot `first`) for an event recorded before lots were.
 */
function spent(state: CustomerState, type: string, recorded: readonly LotShare[] | undefined, total: number, first: number | null = null): readonly Lot[] {
  const shares = recorded ?? splitSpending(lotsOf(state), total, first);
  const lots = take(lotsOf(state), shares);
  if (lots === null || (recorded && totalPoints(recorded) !== total))
    throw new ReplayError('invalid_data', `${type} takes ${total} points from lots that do not hold them as recorded`);
  return lots;
}

/** The first `total` points of `shares`. */
function capped(shares: readonly RestoredShare[], total: number): RestoredShare[] {
  let left = total;
  return shares.map((share) => {
    const points = Math.min(share.points, Math.max(left, 0));
    left -= points;
    return { ...share, points };
  });
}

function lotsOf(state: CustomerState): readonly Lot[] {
  return state.lots ?? NO_LOTS;
}

function positive(balance: number): number {
  return Math.max(balance, 0);
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
    lotsOf(state),
  );
}

/**
 * Staff adjustments: a positive one is earned like an award (balance and lifetime points), whatever
 * the balance was, and forms a lot of its own; a negative one is taken from the balance only, like a
 * redemption (from the lots first-expiring-first, as the event records its split), and never below
 * zero.
 */
function adjusted(state: CustomerState, data: PointsAdjustedData): CustomerState {
  assertRegistered(state, POINTS_ADJUSTED);
  const balance = state.pointsBalance + data.points;
  if (data.points > 0) {
    const lots = addLot(lotsOf(state), positive(balance) - positive(state.pointsBalance), data.expires_at ?? null, state.version + 1);
    return points(state, balance, state.lifetimePoints + data.points, lots);
  }
  if (balance < 0) throw new ReplayError('overdrawn', `points.adjusted takes ${-data.points} points with a balance of ${state.pointsBalance}`);
  return points(state, balance, state.lifetimePoints, spent(state, POINTS_ADJUSTED, data.lots, -data.points));
}

/** The state one event later with new figures. */
function points(state: CustomerState, pointsBalance: number, lifetimePoints: number, lots: readonly Lot[]): CustomerState {
  return customer(state, state.loyaltyCode, state.name, state.email, state.birthday, pointsBalance, lifetimePoints, lots);
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
  lots: readonly Lot[],
): CustomerState {
  return { loyaltyCode, name, email, birthday, pointsBalance, lifetimePoints, lots, version: state.version + 1 };
}

function assertRegistered(state: CustomerState, type: string): void {
  if (state.loyaltyCode === null) throw new ReplayError('not_registered', `${type} before customer.registered`);
}
