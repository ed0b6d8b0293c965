/**
 * The events of a customer's stream: stable, past-tense type strings and snake_case payloads,
 * never class names. One discriminated union, so that `evolve`, the decisions and the ledger's
 * readers are checked by the compiler: renaming a field breaks the build, not the audit.
 */

export const CUSTOMER_STREAM = 'customer';

export const CUSTOMER_REGISTERED = 'customer.registered';
export const POINTS_AWARDED = 'points.awarded';
export const REWARD_REDEEMED = 'reward.redeemed';
export const POINTS_REFUNDED = 'points.refunded';
export const REDEMPTION_REVERSED = 'reward.redemption_reversed';
export const CUSTOMER_UPDATED = 'customer.updated';
export const POINTS_ADJUSTED = 'points.adjusted';
export const POINTS_EXPIRED = 'points.expired';

import type { LotShare, RestoredShare } from './lots';

export interface CustomerRegisteredData {
  loyalty_code: string;
  name: string;
  email: string | null;
  birthday: string | null;
}

export interface AwardedRule {
  name: string;
  type?: 'product' | 'category' | 'bulk';
  match?: string;
  quantity?: number;
  rule_points?: number;
  points: number;
}

/** `points.awarded`: everything needed to explain the points without today's configuration. */
export interface PointsAwardedData {
  /** `transaction` or `order`: which POS endpoint recorded the purchase. */
  source: 'transaction' | 'order';
  external_ref: string | null;
  amount_cents: number;
  earn_rate: string;
  bonus: { name: string; multiplier: string } | null;
  tier: { name: string; multiplier: string } | null;
  base_points: number;
  line_items?: { name: string; category: string | null; quantity: number; unit_price_cents: number }[];
  /**
   * The product rules that gave points, with what they were then (type, match, quantity and the
   * points per group, `rule_points`), so a refund recomputes them on what is kept. Events recorded
   * before step 11 hold only `name` and `points`: their product points are refunded pro rata.
   */
  rules: AwardedRule[];
  product_points: number;
  points: number;
  /** When this award's lot expires (ISO), or null: never. Absent before step 13 (never). */
  expires_at?: string | null;
  balance_after: number;
  lifetime_points_after: number;
}

/** `reward.redeemed`: the reward as it was when redeemed, so the ledger needs no catalogue to explain it. */
export interface RewardRedeemedData {
  redemption_id: string;
  reward_id: string;
  reward_name: string;
  points_cost: number;
  tier: string | null;
  external_ref: string | null;
  /** The lots its points came from, with their expiry (absent before step 13: first-expiring-first then). */
  lots?: RestoredShare[];
  balance_after: number;
}

/**
 * `customer.updated`: a correction of the personal data, holding only the fields that changed, with
 * their new values (an absent member did not change; null cleared an email or a birthday).
 */
export interface CustomerUpdatedData {
  name?: string;
  email?: string | null;
  birthday?: string | null;
}

/** Why staff adjusted a customer's points: a closed list, so that reports can group by it. */
export const ADJUSTMENT_REASONS = ['goodwill', 'correction', 'migration', 'fraud', 'other'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/**
 * Who made an adjustment. The admin API is one shared token, so it names no person; the dashboard
 * (a later step) will add its users here as another member of the union.
 */
export type AdjustmentActor = { type: 'admin' };

/** `points.adjusted`: points given or taken by staff, with the reason an auditor reads. */
export interface PointsAdjustedData {
  /** Non-zero: positive raises the balance and the lifetime points, negative lowers the balance only. */
  points: number;
  reason: AdjustmentReason;
  note: string | null;
  external_ref: string | null;
  actor: AdjustmentActor;
  /** A positive adjustment's lot expiry (ISO, or null: never; absent before expiry existed). */
  expires_at?: string | null;
  /** A negative adjustment's split over the lots it takes from (absent before expiry existed). */
  lots?: LotShare[];
  balance_after: number;
  lifetime_points_after: number;
}

/**
 * `points.refunded`: goods came back. The refund's own figures and the sale's totals after it, so
 * an auditor follows each sale's refunds without recomputing them.
 */
export interface PointsRefundedData {
  /** The sale refunded: its `points.awarded` event and its external_ref. */
  sale_event_id: string;
  sale_external_ref: string;
  /** The refund's own external_ref (its idempotency key), or null. */
  external_ref: string | null;
  reason: string | null;
  /** Cents refunded by this refund. */
  amount_cents: number;
  /** Items returned by this refund (with those a full refund returns implicitly). */
  items: { name: string; quantity: number }[];
  /** Points this refund takes back: base, product, and their sum. */
  base_points: number;
  product_points: number;
  points_removed: number;
  /** Of points_removed, what the balance could not give back (refund_policy floor_at_zero). */
  unrecovered_points: number;
  /**
   * Of points_removed, points of the sale's own lot that had expired already: not taken off the
   * balance a second time. Absent before step 13 (0).
   */
  expired_points?: number;
  /** The sale's own lot (the stream version of its points.awarded, 0 when it never expired). */
  sale_lot?: number;
  /** The lots the balance's share came from: the sale's own lot first (absent before step 13). */
  lots?: LotShare[];
  /** The sale's totals after this refund. */
  refunded_cents_total: number;
  points_removed_total: number;
  balance_after: number;
  lifetime_points_after: number;
}

/** `reward.redemption_reversed`: the reward was not handed over; its points come back. */
export interface RedemptionReversedData {
  redemption_id: string;
  reward_id: string;
  reward_name: string;
  points_restored: number;
  reason: string | null;
  /** The lots the points go back to, as the redemption took them, with their expiry (absent before step 13: never-expiring). */
  lots?: RestoredShare[];
  balance_after: number;
}

/** `points.expired`: a lot reached its expiry with points left. The event's occurred_at is `expires_at`. */
export interface PointsExpiredData {
  lot: number;
  expires_at: string;
  points: number;
  balance_after: number;
}

export type CustomerEvent =
  | { type: typeof CUSTOMER_REGISTERED; data: CustomerRegisteredData }
  | { type: typeof POINTS_AWARDED; data: PointsAwardedData }
  | { type: typeof REWARD_REDEEMED; data: RewardRedeemedData }
  | { type: typeof POINTS_REFUNDED; data: PointsRefundedData }
  | { type: typeof REDEMPTION_REVERSED; data: RedemptionReversedData }
  | { type: typeof CUSTOMER_UPDATED; data: CustomerUpdatedData }
  | { type: typeof POINTS_ADJUSTED; data: PointsAdjustedData }
  | { type: typeof POINTS_EXPIRED; data: PointsExpiredData };

export type CustomerEventType = CustomerEvent['type'];

/** Every type of the union, listed once (the compiler checks the list against the union). */
const EVERY_TYPE: Record<CustomerEventType, true> = {
  [CUSTOMER_REGISTERED]: true,
  [POINTS_AWARDED]: true,
  [REWARD_REDEEMED]: true,
  [POINTS_REFUNDED]: true,
  [REDEMPTION_REVERSED]: true,
  [CUSTOMER_UPDATED]: true,
  [POINTS_ADJUSTED]: true,
  [POINTS_EXPIRED]: true,
};
export const CUSTOMER_EVENT_TYPES = Object.keys(EVERY_TYPE) as CustomerEventType[];

/** An event as a decision proposes it: the store gives it its version, position and hash. */
export type ProposedEvent = CustomerEvent & {
  /** When it happened in the world (the sale time, say); now when absent. */
  occurredAt?: Date;
  /** Lets the decision name the event (a redemption's id is its event's id); a random UUID otherwise. */
  eventId?: string;
};
