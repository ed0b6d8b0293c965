import fc from 'fast-check';
import { basePoints } from './base-points';
import { parseDecimal4 } from '../../../kernel/decimal';

/**
 * Reference written independently of the Decimal4 scale: each factor is a decimal string
 * built from integer parts, read as the fraction digits / 10^(number of fraction digits).
 */
interface Rational {
  numerator: bigint;
  denominator: bigint;
}

function rationalOf(text: string): Rational {
  const [whole, fraction = ''] = text.split('.');
  return { numerator: BigInt(whole + fraction), denominator: 10n ** BigInt(fraction.length) };
}

function exactPoints(amountCents: number, factors: string[]): Rational {
  return factors.map(rationalOf).reduce((acc, f) => ({ numerator: acc.numerator * f.numerator, denominator: acc.denominator * f.denominator }), {
    numerator: BigInt(amountCents),
    denominator: 100n,
  });
}

function referenceFloor(amountCents: number, factors: string[]): bigint {
  const { numerator, denominator } = exactPoints(amountCents, factors);
  return numerator / denominator;
}

// "12.5", "3", "0.0001", "7.120": 0–4 fraction digits, trailing zeros allowed.
const decimalString = fc
  .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 9_999 }))
  .map(([whole, places, digits]) => (places === 0 ? String(whole) : `${whole}.${String(digits % 10 ** places).padStart(places, '0')}`));
const amount = fc.integer({ min: 0, max: 10_000_000_000 });
const factors = fc.tuple(decimalString, decimalString, decimalString);

function compute(amountCents: number, [rate, bonus, tier]: string[]): number {
  return basePoints({
    amountCents,
    earnRate: parseDecimal4(rate),
    bonusMultiplier: parseDecimal4(bonus),
    tierMultiplier: parseDecimal4(tier),
  });
}

describe('basePoints properties', () => {
  it('equals the floor of the exact rational product', () => {
    fc.assert(
      fc.property(amount, factors, (cents, fs) => {
        expect(BigInt(compute(cents, fs))).toBe(referenceFloor(cents, fs));
      }),
      { numRuns: 500 },
    );
  });

  it('is never negative and never above the exact product, and within one point of it', () => {
    fc.assert(
      fc.property(amount, factors, (cents, fs) => {
        const points = BigInt(compute(cents, fs));
        const { numerator, denominator } = exactPoints(cents, fs);
        expect(points >= 0n).toBe(true);
        expect(points * denominator <= numerator).toBe(true);
        expect((points + 1n) * denominator > numerator).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never decreases when the amount grows', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 1_000_000 }), factors, (cents, extra, fs) => {
        expect(compute(cents + extra, fs)).toBeGreaterThanOrEqual(compute(cents, fs));
      }),
      { numRuns: 500 },
    );
  });
});
