import { Decimal4 } from './decimal';

export interface Tier {
  name: string;
  minLifetimePoints: number;
  multiplier: Decimal4;
}

/**
 * The tier earned with `lifetimePoints`: the one with the highest threshold not above it.
 * Tiers may be given in any order; on equal thresholds the first listed wins.
 * Null when no threshold is reached (the caller then uses multiplier 1).
 */
export function tierFor<T extends Tier>(tiers: readonly T[], lifetimePoints: number): T | null {
  let reached: T | null = null;
  for (const tier of tiers) {
    const qualifies = tier.minLifetimePoints <= lifetimePoints;
    if (qualifies && (reached === null || tier.minLifetimePoints > reached.minLifetimePoints)) {
      reached = tier;
    }
  }
  return reached;
}

/**
 * Whether a customer's tier is the required tier or a higher one, ranked by threshold.
 * No requirement always passes; a customer without a tier fails any requirement, and so
 * does an unknown tier name (a gate must not open on a name it cannot rank).
 */
export function isTierAtLeast(tiers: readonly Tier[], customerTierName: string | null, requiredTierName: string | null): boolean {
  if (requiredTierName === null) {
    return true;
  }
  if (customerTierName === null) {
    return false;
  }
  const customerRank = tierRank(tiers, customerTierName);
  const requiredRank = tierRank(tiers, requiredTierName);
  return customerRank !== null && requiredRank !== null && customerRank >= requiredRank;
}

/** A tier's rank is its threshold; null for a name not in the list. */
export function tierRank(tiers: readonly Tier[], name: string): number | null {
  return tiers.find((tier) => tier.name === name)?.minLifetimePoints ?? null;
}
