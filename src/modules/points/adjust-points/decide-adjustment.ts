import { AdjustmentActor, AdjustmentReason, POINTS_ADJUSTED } from '../../customer-stream/customer-events';
import { CustomerState } from '../../customer-stream/customer-state';
import { Decision } from '../../customer-stream/customer-stream.port';
import { splitSpending } from '../../customer-stream/lots';
import { localDayEndAfter } from '../../../kernel/local-day-end';
import { AdjustmentOutOfRangeError, AdjustmentOverdrawsError } from '../points.errors';

/** An adjustment as staff asked for it, already validated (points non-zero, note trimmed or null). */
export interface Adjustment {
  /** Names its event, and the adjustment in the response. */
  adjustmentId: string;
  points: number;
  reason: AdjustmentReason;
  note: string | null;
  externalRef: string | null;
  actor: AdjustmentActor;
  /** When it was made: the event's occurred_at. */
  at: Date;
}

/** The organization's expiry settings: a positive adjustment's lot expires like an award made when it is. */
export interface AdjustmentSettings {
  pointsExpireAfterDays: number | null;
  timeZone: string;
}

/** What retries of the same external_ref are answered with. */
export interface AdjustmentOutcome {
  adjustmentId: string;
  points: number;
  reason: AdjustmentReason;
  note: string | null;
  externalRef: string | null;
  /** ISO 8601: stored as JSON for retries. */
  createdAt: string;
}

/**
 * The adjustment's decision: a positive one raises the balance and the lifetime points (always: it
 * may also bring a balance that a refund left below zero back up), a negative one lowers the
 * balance only and never below zero (422 insufficient_points). Then `points.adjusted` with the
 * reason, the note, who made it and the figures after it. Pure.
 */
export function decideAdjustment(
  adjustment: Adjustment,
  customer: CustomerState,
  settings: AdjustmentSettings = { pointsExpireAfterDays: null, timeZone: 'UTC' },
): Decision<AdjustmentOutcome> {
  const balanceAfter = customer.pointsBalance + adjustment.points;
  if (adjustment.points < 0 && balanceAfter < 0) throw new AdjustmentOverdrawsError(customer.pointsBalance);
  const lifetimeAfter = adjustment.points > 0 ? customer.lifetimePoints + adjustment.points : customer.lifetimePoints;
  if (!Number.isSafeInteger(lifetimeAfter)) throw new AdjustmentOutOfRangeError();
  const { adjustmentId, points, reason, note, externalRef, actor, at } = adjustment;
  return {
    events: [
      {
        type: POINTS_ADJUSTED,
        eventId: adjustmentId,
        occurredAt: at,
        data: {
          points,
          reason,
          note,
          external_ref: externalRef,
          actor,
          // A positive adjustment is a lot of its own; a negative one records the lots it takes from (first-expiring-first).
          ...(points > 0 ? { expires_at: lotExpiry(at, settings) } : { lots: splitSpending(customer.lots ?? [], -points) }),
          balance_after: balanceAfter,
          lifetime_points_after: lifetimeAfter,
        },
      },
    ],
    outcome: { adjustmentId, points, reason, note, externalRef, createdAt: at.toISOString() },
  };
}

function lotExpiry(at: Date, settings: AdjustmentSettings): string | null {
  return settings.pointsExpireAfterDays ? localDayEndAfter(at, settings.pointsExpireAfterDays, settings.timeZone).toISOString() : null;
}
