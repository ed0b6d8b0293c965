import { CustomerState, UNREGISTERED } from '../../customer-stream/customer-state';
import { parseDecimal4 } from '../policy';
import { AmountTooLowError, PointsOutOfRangeError } from '../points.errors';
import { decideAwardPoints, PurchaseToAward } from './decide-award-points';
import { PolicyInputs } from './policy-inputs-cache';

const sophie = (lifetimePoints = 0, pointsBalance = lifetimePoints): CustomerState => ({
  ...UNREGISTERED,
  loyaltyCode: 'F55EA00D',
  name: 'Sophie',
  pointsBalance,
  lifetimePoints,
  version: 3,
});
const settings = (over: Partial<PolicyInputs> = {}): PolicyInputs => ({
  earnRate: parseDecimal4('1'),
  timeZone: 'UTC',
  tiers: [],
  bonuses: [],
  rules: [],
  ...over,
});
const sale = (over: Partial<PurchaseToAward> = {}): PurchaseToAward => ({
  source: 'transaction',
  amountCents: 2500,
  lineItems: null,
  externalRef: 'order-1',
  saleTime: new Date('2026-11-25T14:30:00.000Z'),
  ...over,
});

describe('deciding an award', () => {
  it('given a customer, when a purchase is awarded, then one points.awarded with the whole breakdown, at the sale time', () => {
    const { events, outcome } = decideAwardPoints(sale(), sophie(100, 40), settings({ earnRate: parseDecimal4('1.15') }));
    expect(events).toEqual([
      {
        type: 'points.awarded',
        occurredAt: new Date('2026-11-25T14:30:00.000Z'),
        data: {
          source: 'transaction',
          external_ref: 'order-1',
          amount_cents: 2500,
          earn_rate: '1.15',
          bonus: null,
          tier: null,
          base_points: 28,
          rules: [],
          product_points: 0,
          points: 28,
          balance_after: 68,
          lifetime_points_after: 128,
          expires_at: null,
        },
      },
    ]);
    expect(outcome).toEqual({ pointsAdded: 28, basePoints: 28, productPoints: 0, rulesApplied: [], bonusApplied: null });
  });

  it("given a customer in a tier, the tier's multiplier is applied and recorded", () => {
    const tiers = [{ name: 'Gold', minLifetimePoints: 1000, multiplier: parseDecimal4('2') }];
    const { events } = decideAwardPoints(sale(), sophie(1000), settings({ tiers }));
    expect(events[0].data).toMatchObject({ tier: { name: 'Gold', multiplier: '2' }, points: 50 });
  });

  it('given an order, the line items and the rules that gave points are recorded', () => {
    const rules = [{ name: '2 coffees = 15 pts', type: 'product' as const, match: 'coffee', quantity: 2, points: 15 }];
    const lineItems = [{ name: 'Coffee', category: 'drinks', quantity: 2, unitPriceCents: 350 }];
    const { events, outcome } = decideAwardPoints(sale({ source: 'order', amountCents: 700, lineItems }), sophie(), settings({ rules }));
    expect(events[0].data).toMatchObject({
      source: 'order',
      line_items: [{ name: 'Coffee', category: 'drinks', quantity: 2, unit_price_cents: 350 }],
      rules: [{ name: '2 coffees = 15 pts', points: 15 }],
      base_points: 7,
      product_points: 15,
      points: 22,
    });
    expect(outcome.rulesApplied).toEqual(['2 coffees = 15 pts']);
  });

  it('when the purchase earns less than a point, then amount_too_low and no event', () => {
    expect(() => decideAwardPoints(sale({ amountCents: 99 }), sophie(), settings())).toThrow(AmountTooLowError);
  });

  it('when the points would pass what can be counted exactly, then a client error, not an overflow', () => {
    expect(() => decideAwardPoints(sale(), sophie(Number.MAX_SAFE_INTEGER - 5), settings())).toThrow(PointsOutOfRangeError);
  });
});
