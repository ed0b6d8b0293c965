/**
 * Which moment a sale is judged at (bonus windows are evaluated at this time).
 * A POS clock may run slightly ahead, hence a small future tolerance; older
 * sales may be posted late, but only within a bounded catch-up period.
 */

/** How far ahead of the server clock a sale may be stamped (inclusive). */
export const MAX_SALE_TIME_AHEAD_MS = 5 * 60 * 1000;
/** How old a sale may be when posted (inclusive): 30 × 24 hours, not calendar days. */
export const MAX_SALE_AGE_MS = 30 * 24 * 60 * 60 * 1000;

export type SaleTimeRejection = 'too_far_in_future' | 'too_old';

export type SaleTimeResult = { ok: true; at: Date } | { ok: false; reason: SaleTimeRejection };

/** Undefined `occurredAt` means the sale happens now. */
export function resolveSaleTime(occurredAt: Date | undefined, now: Date): SaleTimeResult {
  const nowMs = validTime(now, 'now');
  const atMs = occurredAt === undefined ? nowMs : validTime(occurredAt, 'occurredAt');
  if (atMs - nowMs > MAX_SALE_TIME_AHEAD_MS) {
    return { ok: false, reason: 'too_far_in_future' };
  }
  if (nowMs - atMs > MAX_SALE_AGE_MS) {
    return { ok: false, reason: 'too_old' };
  }
  // A fresh Date so later mutation by the caller cannot change the decision.
  return { ok: true, at: new Date(atMs) };
}

// An Invalid Date compares false with everything and would slip through both checks.
function validTime(date: Date, label: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError(`${label} is an invalid Date`);
  }
  return ms;
}
