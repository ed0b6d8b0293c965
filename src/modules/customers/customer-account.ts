/** A customer as the projection holds it; the events are the truth, this is the fast read. */
export interface CustomerAccount {
  id: string;
  loyaltyCode: string;
  name: string;
  email: string | null;
  pointsBalance: number;
  lifetimePoints: number;
  /** Derived from lifetime points and the organization's current tiers when read. */
  tier: string | null;
  /** The lowest tier above the customer's lifetime points, from the current tiers; null at the top (or with no tiers). */
  nextTier: { name: string; minLifetimePoints: number } | null;
  /** The soonest expiry among the customer's lots and the points expiring then; null when none expire. */
  expiring?: { points: number; at: string } | null;
}

/** The customer object of POS responses after a write (the seed page's short form). */
export function customerSummary(c: Pick<CustomerAccount, 'loyaltyCode' | 'name' | 'pointsBalance'>) {
  return { loyalty_code: c.loyaltyCode, name: c.name, points_balance: c.pointsBalance };
}

/**
 * The customer object of lookups. `expiring` is null until points expire (a later step): then the
 * soonest expiry's points and time.
 */
export function customerDetails(c: CustomerAccount) {
  return {
    loyalty_code: c.loyaltyCode,
    name: c.name,
    points_balance: c.pointsBalance,
    lifetime_points: c.lifetimePoints,
    tier: c.tier,
    next_tier: c.nextTier && { name: c.nextTier.name, points_needed: c.nextTier.minLifetimePoints - c.lifetimePoints },
    expiring: c.expiring ?? null,
  };
}
