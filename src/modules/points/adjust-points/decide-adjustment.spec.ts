import { CustomerState, evolve, UNREGISTERED } from '../../customer-stream/customer-state';
import { AdjustmentOutOfRangeError, AdjustmentOverdrawsError } from '../points.errors';
import { Adjustment, decideAdjustment } from './decide-adjustment';

const NOW = new Date('2026-11-25T14:30:00.000Z');
const customer = (pointsBalance: number, lifetimePoints = pointsBalance): CustomerState => ({
  ...UNREGISTERED,
  loyaltyCode: 'F55EA00D',
  name: 'Sophie',
  pointsBalance,
  lifetimePoints,
  version: 4,
});
const adjustment = (points: number, over: Partial<Adjustment> = {}): Adjustment => ({
  adjustmentId: '3f0e3c1a-8b7d-4e6f-9a5b-2c1d0e9f8a7b',
  points,
  reason: 'goodwill',
  note: 'Coffee was cold',
  externalRef: 'ticket-77',
  actor: { type: 'admin' },
  at: NOW,
  ...over,
});

describe('deciding an adjustment', () => {
  it('given a customer, when points are given, then points.adjusted raising the balance and the lifetime points, named by the adjustment', () => {
    const { events, outcome } = decideAdjustment(adjustment(30), customer(100, 400));
    expect(events).toEqual([
      {
        type: 'points.adjusted',
        eventId: '3f0e3c1a-8b7d-4e6f-9a5b-2c1d0e9f8a7b',
        occurredAt: NOW,
        data: {
          points: 30,
          reason: 'goodwill',
          note: 'Coffee was cold',
          external_ref: 'ticket-77',
          actor: { type: 'admin' },
          expires_at: null,
          balance_after: 130,
          lifetime_points_after: 430,
        },
      },
    ]);
    expect(outcome).toEqual({
      adjustmentId: '3f0e3c1a-8b7d-4e6f-9a5b-2c1d0e9f8a7b',
      points: 30,
      reason: 'goodwill',
      note: 'Coffee was cold',
      externalRef: 'ticket-77',
      createdAt: NOW.toISOString(),
    });
    expect(events.reduce(evolve, customer(100, 400))).toMatchObject({ pointsBalance: 130, lifetimePoints: 430, version: 5 });
  });

  it('given a customer, when points are taken, then only the balance falls', () => {
    const { events } = decideAdjustment(adjustment(-40, { reason: 'correction', note: null }), customer(100, 400));
    expect(events[0].data).toMatchObject({ points: -40, reason: 'correction', note: null, balance_after: 60, lifetime_points_after: 400 });
  });

  it('given exactly the balance, when taken, then the balance is zero', () => {
    expect(decideAdjustment(adjustment(-100), customer(100)).events[0].data).toMatchObject({ balance_after: 0 });
  });

  it('given a balance below what is taken, then insufficient_points and no event', () => {
    expect(() => decideAdjustment(adjustment(-101), customer(100))).toThrow(AdjustmentOverdrawsError);
  });

  it('given a balance below zero (a refund under allow_negative), when points are given, then they raise it, even if it stays below zero', () => {
    const { events } = decideAdjustment(adjustment(20), customer(-50, 300));
    expect(events[0].data).toMatchObject({ balance_after: -30, lifetime_points_after: 320 });
    expect(events.reduce(evolve, customer(-50, 300))).toMatchObject({ pointsBalance: -30, lifetimePoints: 320 });
  });

  it('given a balance below zero, when points are taken, then insufficient_points', () => {
    expect(() => decideAdjustment(adjustment(-1), customer(-50, 300))).toThrow(AdjustmentOverdrawsError);
  });

  it('given lifetime points near the exact limit, when more are given than can be counted, then refused', () => {
    expect(() => decideAdjustment(adjustment(10), customer(5, Number.MAX_SAFE_INTEGER - 5))).toThrow(AdjustmentOutOfRangeError);
  });

  it('a positive adjustment is a lot of its own, expiring like an award made now; a negative one records the lots it takes, first-expiring-first', () => {
    const settings = { pointsExpireAfterDays: 30, timeZone: 'UTC' };
    const given = decideAdjustment(adjustment(30), customer(100), settings).events[0].data as { expires_at: string };
    expect(given.expires_at).toBe(new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate() + 31)).toISOString());
    const lots = [
      { lot: 2, points: 30, expires_at: '2027-03-01T00:00:00.000Z' },
      { lot: 1, points: 70, expires_at: '2027-02-01T00:00:00.000Z' },
    ];
    const taken = decideAdjustment(adjustment(-80), { ...customer(100), lots }, settings).events[0].data as { lots: unknown };
    expect(taken.lots).toEqual([
      { lot: 1, points: 70 },
      { lot: 2, points: 10 },
    ]);
  });
});
