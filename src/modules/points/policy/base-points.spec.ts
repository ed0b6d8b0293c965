import { basePoints } from './base-points';
import { DECIMAL4_ONE, parseDecimal4 } from '../../../kernel/decimal';

const d = parseDecimal4;
const plain = { bonusMultiplier: DECIMAL4_ONE, tierMultiplier: DECIMAL4_ONE };

describe('basePoints', () => {
  it('gives 115 points for 100.00 at rate 1.15, where floating point gives 114', () => {
    expect(Math.floor((10_000 / 100) * 1.15)).toBe(114);
    expect(basePoints({ amountCents: 10_000, earnRate: d('1.15'), ...plain })).toBe(115);
  });

  it('gives 25 points for 25.00 at rate 1', () => {
    expect(basePoints({ amountCents: 2_500, earnRate: d('1'), ...plain })).toBe(25);
  });

  it('gives 0 points for 0.99 at rate 1 (rounds down)', () => {
    expect(basePoints({ amountCents: 99, earnRate: d('1'), ...plain })).toBe(0);
  });

  it('gives 0 points for a zero amount', () => {
    expect(basePoints({ amountCents: 0, earnRate: d('3'), ...plain })).toBe(0);
  });

  it('rounds down once on the full product, not after each factor', () => {
    // 1.50 × 1 = 1.5 → 1.5 × 1.5 = 2.25 → × 1.5 = 3.375 → 3. Flooring per factor would give 1 → 1 → 1.
    const input = { amountCents: 150, earnRate: d('1'), bonusMultiplier: d('1.5'), tierMultiplier: d('1.5') };
    expect(basePoints(input)).toBe(3);
  });

  it('multiplies earn rate, bonus and tier together', () => {
    const input = { amountCents: 10_000, earnRate: d('2'), bonusMultiplier: d('1.5'), tierMultiplier: d('1.25') };
    expect(basePoints(input)).toBe(375);
  });

  it('keeps the smallest fractions exact (0.0001 rate on 1,000,000.00)', () => {
    expect(basePoints({ amountCents: 100_000_000, earnRate: d('0.0001'), ...plain })).toBe(100);
  });

  it.each([-1, 1.5, NaN, Number.MAX_SAFE_INTEGER + 1])('rejects the amount %p', (amountCents) => {
    expect(() => basePoints({ amountCents, earnRate: d('1'), ...plain })).toThrow(RangeError);
  });

  it('rejects a negative factor', () => {
    expect(() => basePoints({ amountCents: 100, earnRate: -1n, ...plain })).toThrow(RangeError);
  });

  it('refuses a result that a number cannot hold exactly', () => {
    const huge = { amountCents: Number.MAX_SAFE_INTEGER, earnRate: d('1000'), ...plain };
    expect(() => basePoints(huge)).toThrow(RangeError);
  });
});
