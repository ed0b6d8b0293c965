/**
 * A customer's points as lots: what each award (or positive adjustment) gave, with when it expires.
 * Pure functions, shared by `evolve` (which alone changes a state's lots) and the decisions (which
 * record in their events how they split their points across lots, so a reversal can give them back
 * where they came from). Lots are kept small: empty lots are dropped, and points that never expire
 * are one lot, NEVER_EXPIRING_LOT.
 */

/** A lot of points: `lot` is the stream version of the event that made it (0 for the never-expiring lot). */
export interface Lot {
  readonly lot: number;
  /** ISO instant at which its points expire, or null: never. */
  readonly expires_at: string | null;
  readonly points: number;
}

/** Points taken from (or given back to) one lot. */
export interface LotShare {
  lot: number;
  points: number;
}

/** A share with the lot's expiry: what a reversal needs to recreate a lot dropped since. */
export interface RestoredShare extends LotShare {
  expires_at: string | null;
}

/** Points that never expire (before step 13, or with points_expire_after_days null) all live here. */
export const NEVER_EXPIRING_LOT = 0;

/** Spending order: first expiring first; never-expiring last; ties by age. */
function spendOrder(a: Lot, b: Lot): number {
  if (a.expires_at !== b.expires_at) {
    if (a.expires_at === null) return 1;
    if (b.expires_at === null) return -1;
    return a.expires_at < b.expires_at ? -1 : 1;
  }
  return a.lot - b.lot;
}

/** The lots with `points` more in a lot expiring at `expiresAt` (made by the event at `version`). */
export function addLot(lots: readonly Lot[], points: number, expiresAt: string | null, version: number): Lot[] {
  if (points <= 0) return [...lots];
  if (expiresAt === null) return restore(lots, [{ lot: NEVER_EXPIRING_LOT, points, expires_at: null }]);
  return sorted([...lots, { lot: version, expires_at: expiresAt, points }]);
}

/**
 * How `points` are taken from the lots: from lot `first` first when given (a refund's own sale),
 * then first-expiring-first. Takes what is there when the lots hold less (the rest is not in any lot).
 */
export function splitSpending(lots: readonly Lot[], points: number, first: number | null = null): LotShare[] {
  const order = [...lots].sort((a, b) => (a.lot === first ? -1 : b.lot === first ? 1 : spendOrder(a, b)));
  const shares: LotShare[] = [];
  let left = points;
  for (const lot of order) {
    if (left <= 0) break;
    const taken = Math.min(left, lot.points);
    if (taken > 0) shares.push({ lot: lot.lot, points: taken });
    left -= taken;
  }
  return shares;
}

/** The lots after `shares` are taken from them; null when a share names a lot that lacks the points (a split that does not fit the lots). */
export function take(lots: readonly Lot[], shares: readonly LotShare[]): Lot[] | null {
  const next = lots.map((lot) => ({ ...lot }));
  for (const share of shares) {
    const lot = next.find((l) => l.lot === share.lot);
    if (!lot || lot.points < share.points || share.points < 0) return null;
    lot.points -= share.points;
  }
  return next.filter((lot) => lot.points > 0);
}

/** The lots with `shares` given back, recreating lots dropped since with their expiry. */
export function restore(lots: readonly Lot[], shares: readonly RestoredShare[]): Lot[] {
  const next = lots.map((lot) => ({ ...lot }));
  for (const share of shares) {
    if (share.points <= 0) continue;
    const lot = next.find((l) => l.lot === share.lot);
    if (lot) lot.points += share.points;
    else next.push({ lot: share.lot, expires_at: share.expires_at, points: share.points });
  }
  return sorted(next);
}

/** The shares `shares` with each lot's expiry, for a reversal to record. */
export function withExpiry(lots: readonly Lot[], shares: readonly LotShare[], fallback: Map<number, string | null> = new Map()): RestoredShare[] {
  return shares.map((s) => ({ ...s, expires_at: lots.find((l) => l.lot === s.lot)?.expires_at ?? fallback.get(s.lot) ?? null }));
}

export function totalPoints(lots: readonly { points: number }[]): number {
  return lots.reduce((sum, lot) => sum + lot.points, 0);
}

/** The soonest expiry and its points (every lot expiring then), or null when nothing expires. */
export function soonestExpiry(lots: readonly Lot[]): { points: number; at: string } | null {
  let at: string | null = null;
  for (const lot of lots) if (lot.expires_at !== null && (at === null || lot.expires_at < at)) at = lot.expires_at;
  if (at === null) return null;
  return { points: lots.filter((l) => l.expires_at === at).reduce((s, l) => s + l.points, 0), at };
}

/** The lots past their expiry at `now`, soonest first. */
export function dueLots(lots: readonly Lot[], now: Date): Lot[] {
  const iso = now.toISOString();
  return lots.filter((lot) => lot.expires_at !== null && lot.expires_at <= iso).sort(spendOrder);
}

function sorted(lots: Lot[]): Lot[] {
  return lots.sort(spendOrder);
}
