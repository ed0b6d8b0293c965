import { AwardInput, decideAward, isAmountTooLow, MIN_POINTS } from './award-decision';
import { parseDecimal4 } from '../../../kernel/decimal';

const d = parseDecimal4;
// Monday 2026-06-15, 17:30 in Paris.
const happyHourSale = new Date('2026-06-15T15:30:00Z');

function input(overrides: Partial<AwardInput> = {}): AwardInput {
  return {
    amountCents: 10_000,
    earnRate: d('1'),
    bonuses: [],
    timeZone: 'Europe/Paris',
    tiers: [],
    lifetimePoints: 0,
    saleTime: happyHourSale,
    ...overrides,
  };
}

describe('decideAward', () => {
  it('earns amount × rate with no bonus, no tier and no rules', () => {
    expect(decideAward(input({ earnRate: d('1.15') }))).toEqual({
      basePoints: 115,
      productPoints: 0,
      pointsAdded: 115,
      bonus: null,
      tier: null,
      rulesApplied: [],
    });
  });

  it('multiplies by the best active bonus and the tier, rounding down once', () => {
    const decision = decideAward(
      input({
        amountCents: 1_000,
        earnRate: d('1.15'),
        bonuses: [
          { name: 'happy hour', multiplier: d('1.5'), startTime: '17:00', endTime: '19:00', active: true },
          { name: 'night', multiplier: d('3'), startTime: '22:00', endTime: '02:00', active: true },
        ],
        tiers: [{ name: 'Silver', minLifetimePoints: 100, multiplier: d('1.25') }],
        lifetimePoints: 150,
      }),
    );
    // 10.00 × 1.15 × 1.5 × 1.25 = 21.5625
    expect(decision.basePoints).toBe(21);
    expect(decision.bonus).toEqual({ name: 'happy hour', multiplier: 15_000n });
    expect(decision.tier).toEqual({ name: 'Silver', multiplier: 12_500n });
  });

  it('judges the tier on lifetime points before this award', () => {
    const tiers = [{ name: 'Gold', minLifetimePoints: 1_000, multiplier: d('2') }];
    const decision = decideAward(input({ tiers, lifetimePoints: 950 }));
    expect(decision.tier).toBeNull();
    expect(decision.basePoints).toBe(100);
  });

  it('adds product-rule points, which no multiplier boosts', () => {
    const decision = decideAward(
      input({
        amountCents: 700,
        bonuses: [{ name: 'double', multiplier: d('2'), active: true }],
        items: [{ name: 'Espresso', quantity: 2, unitPriceCents: 350 }],
        rules: [{ name: 'espresso', type: 'product', match: 'espresso', quantity: 1, points: 5 }],
      }),
    );
    expect(decision).toMatchObject({
      basePoints: 14,
      productPoints: 10,
      pointsAdded: 24,
      rulesApplied: [{ name: 'espresso', points: 5 * 2, rule: { name: 'espresso', type: 'product', match: 'espresso', quantity: 1, points: 5 } }],
    });
  });

  it('ignores rules when the sale has no line items', () => {
    const rules = [{ name: 'r', type: 'product' as const, match: 'x', quantity: 1, points: 5 }];
    expect(decideAward(input({ rules })).productPoints).toBe(0);
  });
});

describe('isAmountTooLow', () => {
  it('requires at least MIN_POINTS = 1 point', () => {
    expect(MIN_POINTS).toBe(1);
    expect(isAmountTooLow(decideAward(input({ amountCents: 99 })))).toBe(true);
    expect(isAmountTooLow(decideAward(input({ amountCents: 100 })))).toBe(false);
  });

  it('lets product points alone carry a sale below one currency unit', () => {
    const decision = decideAward(
      input({
        amountCents: 50,
        items: [{ name: 'Sample', quantity: 1, unitPriceCents: 50 }],
        rules: [{ name: 'sample', type: 'product', match: 'sample', quantity: 1, points: 1 }],
      }),
    );
    expect(isAmountTooLow(decision)).toBe(false);
  });
});
