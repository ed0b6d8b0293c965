import { Decimal4, DECIMAL4_SCALE } from '../../../kernel/decimal';
import { assertSafeNonNegativeInteger, toSafeNumber } from '../../../kernel/integers';

export interface BasePointsInput {
  /** Sale amount in cents (safe integer >= 0). */
  amountCents: number;
  /** Points per currency unit. */
  earnRate: Decimal4;
  bonusMultiplier: Decimal4;
  tierMultiplier: Decimal4;
}

const CENTS_PER_UNIT = 100n;
// Three Decimal4 factors multiplied together carry a scale of (10^4)^3.
const DENOMINATOR = CENTS_PER_UNIT * DECIMAL4_SCALE ** 3n;

/**
 * floor(amountCents / 100 × earnRate × bonus × tier), computed exactly in BigInt.
 * Rounding happens once on the full product, never per factor, so no factor
 * loses a fraction of a point before the next one multiplies it.
 */
export function basePoints(input: BasePointsInput): number {
  const { amountCents, earnRate, bonusMultiplier, tierMultiplier } = input;
  assertSafeNonNegativeInteger(amountCents, 'amountCents');
  assertNonNegativeFactor(earnRate, 'earnRate');
  assertNonNegativeFactor(bonusMultiplier, 'bonusMultiplier');
  assertNonNegativeFactor(tierMultiplier, 'tierMultiplier');

  const numerator = BigInt(amountCents) * earnRate * bonusMultiplier * tierMultiplier;
  // BigInt division truncates, which is floor for non-negative operands.
  return toSafeNumber(numerator / DENOMINATOR, 'basePoints');
}

function assertNonNegativeFactor(value: Decimal4, label: string): void {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new RangeError(`${label} must be a non-negative Decimal4`);
  }
}
