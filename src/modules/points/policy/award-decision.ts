import { basePoints } from './base-points';
import { Bonus, bestBonus, ChosenBonus } from './bonus-window';
import { Decimal4, DECIMAL4_ONE } from '../../../kernel/decimal';
import { toSafeNumber } from '../../../kernel/integers';
import { LineItem } from './line-items';
import { AppliedRule, ProductEarnRule, productPoints } from './product-rules';
import { Tier, tierFor } from '../../../kernel/tier';

/** A sale earning fewer points than this is rejected by the caller as amount_too_low. */
export const MIN_POINTS = 1;

export interface AwardInput {
  amountCents: number;
  earnRate: Decimal4;
  bonuses: readonly Bonus[];
  /** IANA zone of the organization; bonus windows are local to it. */
  timeZone: string;
  tiers: readonly Tier[];
  /** Lifetime points BEFORE this award: the tier in force when the sale happened. */
  lifetimePoints: number;
  /** Already resolved with resolveSaleTime. */
  saleTime: Date;
  items?: readonly LineItem[];
  rules?: readonly ProductEarnRule[];
}

export interface AwardDecision {
  basePoints: number;
  productPoints: number;
  pointsAdded: number;
  bonus: ChosenBonus | null;
  tier: { name: string; multiplier: Decimal4 } | null;
  rulesApplied: AppliedRule[];
}

/**
 * How many points a sale earns: amount-based points boosted by the best active bonus
 * and the customer's tier, plus product-rule points (which no multiplier boosts).
 */
export function decideAward(input: AwardInput): AwardDecision {
  const bonus = bestBonus(input.bonuses, input.saleTime, input.timeZone);
  const reachedTier = tierFor(input.tiers, input.lifetimePoints);
  const tier = reachedTier && { name: reachedTier.name, multiplier: reachedTier.multiplier };
  const base = basePoints({
    amountCents: input.amountCents,
    earnRate: input.earnRate,
    bonusMultiplier: bonus?.multiplier ?? DECIMAL4_ONE,
    tierMultiplier: tier?.multiplier ?? DECIMAL4_ONE,
  });
  const products = productPoints(input.items ?? [], input.rules ?? []);
  return {
    basePoints: base,
    productPoints: products.points,
    pointsAdded: toSafeNumber(BigInt(base) + BigInt(products.points), 'pointsAdded'),
    bonus,
    tier,
    rulesApplied: products.applied,
  };
}

export function isAmountTooLow(decision: Pick<AwardDecision, 'pointsAdded'>): boolean {
  return decision.pointsAdded < MIN_POINTS;
}
