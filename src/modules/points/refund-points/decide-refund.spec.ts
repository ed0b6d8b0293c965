import fc from 'fast-check';
import { InvalidRequestError } from '../../../common/errors/api-error';
import { PointsAwardedData, PointsRefundedData } from '../../customer-stream/customer-events';
import { CustomerState, evolve, UNREGISTERED } from '../../customer-stream/customer-state';
import { decideRefund, RefundRequest, SaleHistory } from './decide-refund';
import { RefundExceedsSaleError } from './refunds.errors';

/** Given a recorded sale and its earlier refunds, when a refund is asked, then points.refunded or an error. */

const transaction = (over: Partial<PointsAwardedData> = {}): PointsAwardedData => ({
  source: 'transaction',
  external_ref: 'sale-1',
  amount_cents: 10_000,
  earn_rate: '1.15',
  bonus: null,
  tier: null,
  base_points: 115,
  rules: [],
  product_points: 0,
  points: 115,
  balance_after: 115,
  lifetime_points_after: 115,
  ...over,
});
const order = (): PointsAwardedData =>
  transaction({
    source: 'order',
    amount_cents: 1_150,
    earn_rate: '1',
    base_points: 11,
    line_items: [
      { name: 'Cappuccino', category: 'drinks', quantity: 2, unit_price_cents: 350 },
      { name: 'Cake', category: 'food', quantity: 1, unit_price_cents: 450 },
    ],
    rules: [{ name: '2 cappuccinos = 15 pts', type: 'product', match: 'cappuccino', quantity: 2, rule_points: 15, points: 15 }],
    product_points: 15,
    points: 26,
  });
const customer = (pointsBalance: number, lifetimePoints = pointsBalance): CustomerState => ({
  ...UNREGISTERED,
  loyaltyCode: 'F55EA00D',
  name: 'Sophie',
  pointsBalance,
  lifetimePoints,
  version: 2,
});
const history = (sale: PointsAwardedData, refunds: PointsRefundedData[] = [], refundPolicy: SaleHistory['refundPolicy'] = 'floor_at_zero'): SaleHistory => ({
  saleEventId: '0e8f6d6a-7f0b-4b8e-9d55-2f1f4d0f3c11',
  sale,
  refunds,
  refundPolicy,
});
let n = 0;
const ask = (over: Partial<RefundRequest> = {}): RefundRequest => ({
  refundId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  saleExternalRef: 'sale-1',
  externalRef: null,
  reason: null,
  occurredAt: new Date('2026-11-25T15:00:00.000Z'),
  ...over,
});
const refunded = (decision: ReturnType<typeof decideRefund>) => decision.events[0].data as PointsRefundedData;

describe('deciding a refund', () => {
  it('given a sale, when part is refunded, then the points the rest no longer earns, at the recorded rate', () => {
    const d = decideRefund(ask({ amountCents: 2_500, reason: 'Damaged' }), customer(115), history(transaction()));
    expect(d.events[0]).toMatchObject({ type: 'points.refunded', occurredAt: new Date('2026-11-25T15:00:00.000Z') });
    expect(refunded(d)).toMatchObject({
      sale_external_ref: 'sale-1',
      amount_cents: 2_500,
      base_points: 29,
      product_points: 0,
      points_removed: 29,
      unrecovered_points: 0,
      refunded_cents_total: 2_500,
      points_removed_total: 29,
      balance_after: 86,
      lifetime_points_after: 86,
      reason: 'Damaged',
    });
    expect(d.outcome.sale).toEqual({ externalRef: 'sale-1', amountCents: 10_000, refundedCents: 2_500, pointsAdded: 115, pointsRemoved: 29 });
  });

  it('given no amount and no items (a void), then all that is left, and everything the sale gave', () => {
    const first = refunded(decideRefund(ask({ amountCents: 2_500 }), customer(115), history(transaction())));
    const rest = refunded(decideRefund(ask(), customer(86), history(transaction(), [first])));
    expect(rest).toMatchObject({ amount_cents: 7_500, points_removed: 86, points_removed_total: 115, refunded_cents_total: 10_000 });
  });

  it('given a sale fully refunded, then refund_exceeds_sale', () => {
    const all = refunded(decideRefund(ask(), customer(115), history(transaction())));
    expect(() => decideRefund(ask({ amountCents: 1 }), customer(0), history(transaction(), [all]))).toThrow(RefundExceedsSaleError);
    expect(() => decideRefund(ask(), customer(0), history(transaction(), [all]))).toThrow(RefundExceedsSaleError);
  });

  it('given more cents than are left, then refund_exceeds_sale', () => {
    expect(() => decideRefund(ask({ amountCents: 10_001 }), customer(115), history(transaction()))).toThrow(RefundExceedsSaleError);
  });

  it('given a few cents off a large sale, then a refund of 0 points, still recorded', () => {
    const sale = transaction({ amount_cents: 10_050, earn_rate: '1', base_points: 100, points: 100 });
    expect(refunded(decideRefund(ask({ amountCents: 1 }), customer(100), history(sale)))).toMatchObject({ amount_cents: 1, points_removed: 0 });
  });

  describe('orders', () => {
    it('returning one of "2 cappuccinos = 15 pts" takes the rule’s 15 back, with the cup’s base points', () => {
      const d = decideRefund(ask({ items: [{ name: 'cappuccino', quantity: 1 }] }), customer(26), history(order()));
      expect(refunded(d)).toMatchObject({
        amount_cents: 350,
        items: [{ name: 'Cappuccino', quantity: 1 }],
        base_points: 3,
        product_points: 15,
        points_removed: 18,
      });
    });

    it('refuses an item not bought, more of one than is left, and items on a transaction', () => {
      expect(() => decideRefund(ask({ items: [{ name: 'Tea', quantity: 1 }] }), customer(26), history(order()))).toThrow(RefundExceedsSaleError);
      expect(() => decideRefund(ask({ items: [{ name: 'Cake', quantity: 2 }] }), customer(26), history(order()))).toThrow(RefundExceedsSaleError);
      expect(() => decideRefund(ask({ items: [{ name: 'Cake', quantity: 1 }] }), customer(115), history(transaction()))).toThrow(InvalidRequestError);
    });

    it('a refund that reaches the amount returns every item not yet returned', () => {
      const d = decideRefund(ask({ amountCents: 1_150 }), customer(26), history(order()));
      expect(refunded(d)).toMatchObject({
        items: [
          { name: 'Cappuccino', quantity: 2 },
          { name: 'Cake', quantity: 1 },
        ],
        points_removed: 26,
      });
    });

    it('an order recorded before rules carried their definition keeps its product points pro rata', () => {
      const old = { ...order(), rules: [{ name: '2 cappuccinos = 15 pts', points: 15 }] };
      const d = decideRefund(ask({ amountCents: 575 }), customer(26), history(old));
      expect(refunded(d)).toMatchObject({ base_points: 11 - 5, product_points: 15 - 7 }); // floor(15 × 575 / 1150) = 7 kept
    });
  });

  describe('points already spent', () => {
    it('floor_at_zero: the balance gives what it has, the rest is unrecovered', () => {
      const d = refunded(decideRefund(ask(), customer(35, 115), history(transaction())));
      expect(d).toMatchObject({ points_removed: 115, unrecovered_points: 80, balance_after: 0, lifetime_points_after: 0 });
    });

    it('allow_negative: the balance goes below zero', () => {
      const d = refunded(decideRefund(ask(), customer(35, 115), history(transaction(), [], 'allow_negative')));
      expect(d).toMatchObject({ points_removed: 115, unrecovered_points: 0, balance_after: -80 });
    });

    it('evolve moves the state as the event says: balance by what was recovered, lifetime by all', () => {
      const state = customer(35, 115);
      const d = decideRefund(ask(), state, history(transaction()));
      expect(d.events.reduce(evolve, state)).toMatchObject({ pointsBalance: 0, lifetimePoints: 0, version: 3 });
    });
  });

  it('property: partial refunds summing to at most the amount never take back more than awarded, and equal one refund of the same total', () => {
    const sale = fc
      .record({ amount: fc.integer({ min: 1, max: 1_000_000 }), rate: fc.constantFrom('1', '1.15', '0.5', '2.3333'), bonus: fc.constantFrom(null, '1.5', '2') })
      .map(({ amount, rate, bonus }) => {
        const base = Math.floor((amount / 100) * Number(rate) * Number(bonus ?? '1') + 1e-9);
        return transaction({ amount_cents: amount, earn_rate: rate, bonus: bonus && { name: 'b', multiplier: bonus }, base_points: base, points: base });
      });
    fc.assert(
      fc.property(sale, fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 }), (s, parts) => {
        let left = s.amount_cents;
        const amounts = parts.map((p) => Math.min(p, left)).filter((p) => p > 0 && (left -= p) >= 0);
        if (amounts.length === 0) return;
        const earlier: PointsRefundedData[] = [];
        for (const amountCents of amounts) earlier.push(refunded(decideRefund(ask({ amountCents }), customer(s.points), history(s, earlier))));
        const total = amounts.reduce((a, b) => a + b, 0);
        const once = refunded(decideRefund(ask({ amountCents: total }), customer(s.points), history(s)));
        const taken = earlier.reduce((a, r) => a + r.points_removed, 0);
        expect(taken).toBeLessThanOrEqual(s.points);
        expect(taken).toBe(once.points_removed);
        expect(earlier.every((r) => r.points_removed >= 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
