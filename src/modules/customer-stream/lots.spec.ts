import { decideExpiry } from '../points/expire-points/decide-expiry';
import { decideRefund } from '../points/refund-points/decide-refund';
import { decideReversal } from '../rewards/reverse-redemption/decide-reversal';
import { decideRedemption } from '../rewards/redeem-reward/decide-redemption';
import { CustomerEvent, PointsAwardedData, ProposedEvent, RewardRedeemedData } from './customer-events';
import { CustomerState, evolve, replay } from './customer-state';
import { NEVER_EXPIRING_LOT, soonestExpiry, splitSpending } from './lots';

/** Lots as evolve keeps them: formed by awards, spent first-expiring-first, expired, given back. */

const JAN = '2027-01-31T23:00:00.000Z';
const MAR = '2027-03-31T22:00:00.000Z';

const registered: CustomerEvent = { type: 'customer.registered', data: { loyalty_code: 'F55EA00D', name: 'Sophie', email: null, birthday: null } };
const award = (points: number, expires_at: string | null, external_ref: string | null = null): CustomerEvent => ({
  type: 'points.awarded',
  data: {
    source: 'transaction',
    external_ref,
    amount_cents: points * 100,
    earn_rate: '1',
    bonus: null,
    tier: null,
    base_points: points,
    rules: [],
    product_points: 0,
    points,
    expires_at,
    balance_after: 0,
    lifetime_points_after: 0,
  },
});
const apply = (state: CustomerState, events: ProposedEvent[]) => events.reduce(evolve, state);
const reward = {
  id: 'a0f0e8a4-3f57-4c4e-9a70-5d2bd2f2c0aa',
  name: 'Free coffee',
  pointsCost: 0,
  active: true,
  stock: null,
  redeemedCount: 0,
  minTier: null,
  availableFrom: null,
  availableUntil: null,
} as never;
const redeem = (state: CustomerState, cost: number) =>
  decideRedemption(
    { redemptionId: '00000000-0000-4000-8000-000000000001', externalRef: null },
    state,
    { tiers: [], reward: { ...(reward as object), pointsCost: cost } as never },
    new Date('2027-01-01T00:00:00Z'),
  );

describe('lots in evolve', () => {
  // Awards of 100 (expires in March, version 2), 50 (January, version 3), 30 (never, version 4).
  const start = replay([registered, award(100, MAR, 'sale-mar'), award(50, JAN, 'sale-jan'), award(30, null, 'sale-never')]);

  it('each award forms a lot, soonest expiry first, never-expiring points in lot 0; they hold the balance', () => {
    expect(start.lots).toEqual([
      { lot: 3, expires_at: JAN, points: 50 },
      { lot: 2, expires_at: MAR, points: 100 },
      { lot: NEVER_EXPIRING_LOT, expires_at: null, points: 30 },
    ]);
    expect(soonestExpiry(start.lots!)).toEqual({ points: 50, at: JAN });
  });

  it('merges never-expiring points into one lot, and drops empty lots', () => {
    const state = replay([award(5, null), award(7, null)], start);
    expect(state.lots!.filter((l) => l.expires_at === null)).toEqual([{ lot: 0, expires_at: null, points: 42 }]);
    const spent = apply(state, redeem(state, 50).events);
    expect(spent.lots!.map((l) => l.lot)).toEqual([2, 0]);
  });

  it('a redemption spends first-expiring-first, records the split, and lowers no lifetime points', () => {
    const d = redeem(start, 70);
    expect((d.events[0].data as RewardRedeemedData).lots).toEqual([
      { lot: 3, points: 50, expires_at: JAN },
      { lot: 2, points: 20, expires_at: MAR },
    ]);
    const after = apply(start, d.events);
    expect(after.lots).toEqual([
      { lot: 2, expires_at: MAR, points: 80 },
      { lot: 0, expires_at: null, points: 30 },
    ]);
    expect(after.lifetimePoints).toBe(180);
  });

  it('a redemption recorded before lots (no split) is spent first-expiring-first by evolve itself', () => {
    const d = redeem(start, 70);
    const { lots, ...old } = d.events[0].data as RewardRedeemedData;
    void lots;
    expect(apply(start, [{ type: 'reward.redeemed', data: old }]).lots).toEqual(apply(start, d.events).lots);
  });

  it('a reversal gives the points back to the lots they came from, with their original expiry, even a lot dropped since', () => {
    const redemption = redeem(start, 70);
    const redeemed = apply(start, redemption.events);
    const reversal = decideReversal({ reason: null }, redeemed, { redemption: redemption.events[0].data as RewardRedeemedData, reversed: null });
    expect(apply(redeemed, reversal.events).lots).toEqual(start.lots);
  });

  it('the expiry job expires each lot past its expiry once, dated at the expiry; lifetime points stay', () => {
    const events = decideExpiry(start, new Date('2027-03-01T00:00:00Z'));
    expect(events).toEqual([{ type: 'points.expired', occurredAt: new Date(JAN), data: { lot: 3, expires_at: JAN, points: 50, balance_after: 130 } }]);
    const after = apply(start, events);
    expect(after).toMatchObject({ pointsBalance: 130, lifetimePoints: 180 });
    expect(decideExpiry(after, new Date('2027-03-01T00:00:00Z'))).toEqual([]);
    expect(after.lots!.map((l) => l.lot)).toEqual([2, 0]);
  });

  it('a refund takes from its own sale first, then first-expiring-first', () => {
    const sale = award(30, null, 'sale-never').data as PointsAwardedData;
    const d = decideRefund(
      {
        refundId: '00000000-0000-4000-8000-000000000002',
        saleExternalRef: 'sale-never',
        externalRef: null,
        reason: null,
        occurredAt: new Date(),
        amountCents: 3_000,
      },
      start,
      {
        saleEventId: 'e',
        sale,
        refunds: [],
        refundPolicy: 'floor_at_zero',
        saleLot: NEVER_EXPIRING_LOT,
        expiredFromSaleLot: 0,
      },
    );
    const after = apply(start, d.events);
    expect(after.lots!.map((l) => [l.lot, l.points])).toEqual([
      [3, 50],
      [2, 100],
    ]);
  });

  it('a refund after its sale partly expired does not take the expired points a second time', () => {
    // 50 points of January's sale: 20 spent, the other 30 expire; then the whole sale is refunded.
    const spent = apply(start, redeem(start, 20).events);
    const expired = apply(spent, decideExpiry(spent, new Date('2027-02-01T00:00:00Z')));
    expect(expired.pointsBalance).toBe(180 - 20 - 30);
    const sale = award(50, JAN, 'sale-jan').data as PointsAwardedData;
    const d = decideRefund(
      {
        refundId: '00000000-0000-4000-8000-000000000003',
        saleExternalRef: 'sale-jan',
        externalRef: null,
        reason: null,
        occurredAt: new Date(),
        amountCents: 5_000,
      },
      expired,
      {
        saleEventId: 'e',
        sale,
        refunds: [],
        refundPolicy: 'floor_at_zero',
        saleLot: 3,
        expiredFromSaleLot: 30,
      },
    );
    expect(d.events[0].data).toMatchObject({ points_removed: 50, expired_points: 30, unrecovered_points: 0, balance_after: 130 - 20 });
    const after = apply(expired, d.events);
    // The 20 that were spent come off the other lots (March's first); lifetime points lose all 50.
    expect(after).toMatchObject({ pointsBalance: 110, lifetimePoints: 130 });
    expect(after.lots).toEqual([
      { lot: 2, expires_at: MAR, points: 80 },
      { lot: 0, expires_at: null, points: 30 },
    ]);
  });

  it('splits spending from a given lot first, then by expiry', () => {
    expect(splitSpending(start.lots!, 120, 2)).toEqual([
      { lot: 2, points: 100 },
      { lot: 3, points: 20 },
    ]);
  });

  it('refuses an expiry of points a lot does not hold', () => {
    expect(() => evolve(start, { type: 'points.expired', data: { lot: 3, expires_at: JAN, points: 51, balance_after: 0 } })).toThrow('does not hold them');
  });
});
