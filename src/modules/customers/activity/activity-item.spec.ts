import { CustomerEvent, PointsAwardedData } from '../../customer-stream/customer-events';
import { ACTIVITY_EVENT_TYPES, activityOf } from './activity-item';

const award = (over: Partial<PointsAwardedData> = {}): CustomerEvent => ({
  type: 'points.awarded',
  data: {
    source: 'transaction',
    external_ref: 'sale-1',
    amount_cents: 2500,
    earn_rate: '1',
    bonus: null,
    tier: null,
    base_points: 25,
    rules: [],
    product_points: 0,
    points: 25,
    balance_after: 125,
    lifetime_points_after: 300,
    ...over,
  },
});

describe('activity lines', () => {
  it('an award is an earn: its points, its balance after, its ref, and the kind of sale when nothing raised it', () => {
    expect(activityOf(award())).toEqual({ type: 'earn', points: 25, balanceAfter: 125, externalRef: 'sale-1', description: 'Purchase' });
    expect(activityOf(award({ source: 'order', external_ref: null }))).toMatchObject({ description: 'Order', externalRef: null });
  });

  it('an award names the bonus with its multiplier, then the rules that gave points', () => {
    expect(activityOf(award({ bonus: { name: 'Happy hour', multiplier: '2' } }))?.description).toBe('Happy hour ×2');
    const both = award({
      bonus: { name: 'Happy hour', multiplier: '1.5' },
      rules: [
        { name: '2 cappuccinos = 15 pts', points: 15 },
        { name: 'Pastries', points: 3 },
      ],
    });
    expect(activityOf(both)?.description).toBe('Happy hour ×1.5 + 2 cappuccinos = 15 pts + Pastries');
  });

  it("a redemption is a redeem: the cost taken off, and the reward's name as it was", () => {
    const event: CustomerEvent = {
      type: 'reward.redeemed',
      data: { redemption_id: 'r', reward_id: 'w', reward_name: 'Free coffee', points_cost: 50, tier: null, external_ref: 'till-9', balance_after: 75 },
    };
    expect(activityOf(event)).toEqual({ type: 'redeem', points: -50, balanceAfter: 75, externalRef: 'till-9', description: 'Free coffee' });
  });

  it('a refund takes off what the balance gave back (not the unrecovered points), described by the sale and the reason', () => {
    const event: CustomerEvent = {
      type: 'points.refunded',
      data: {
        sale_event_id: 's',
        sale_external_ref: 'order-12345',
        external_ref: 'return-1',
        reason: 'Damaged',
        amount_cents: 700,
        items: [],
        base_points: 7,
        product_points: 0,
        points_removed: 7,
        unrecovered_points: 2,
        refunded_cents_total: 700,
        points_removed_total: 7,
        balance_after: 0,
        lifetime_points_after: 18,
      },
    };
    expect(activityOf(event)).toEqual({ type: 'refund', points: -5, balanceAfter: 0, externalRef: 'return-1', description: 'Refund of order-12345: Damaged' });
  });

  it('an expiry takes its points off, at the lot’s expiry', () => {
    const event: CustomerEvent = { type: 'points.expired', data: { lot: 3, expires_at: '2027-01-31T23:00:00.000Z', points: 40, balance_after: 10 } };
    expect(activityOf(event)).toEqual({ type: 'expiry', points: -40, balanceAfter: 10, externalRef: null, description: 'Points expired' });
  });

  it("a reversed redemption gives the points back, described by the reward's name and the reason", () => {
    const event: CustomerEvent = {
      type: 'reward.redemption_reversed',
      data: { redemption_id: 'r', reward_id: 'w', reward_name: 'Cake', points_restored: 60, reason: 'Out of cake', balance_after: 100 },
    };
    expect(activityOf(event)).toEqual({ type: 'redemption_reversal', points: 60, balanceAfter: 100, externalRef: null, description: 'Cake: Out of cake' });
  });

  it("an adjustment is signed as made, described by its reason and staff's note", () => {
    const adjusted = (points: number, reason: 'goodwill' | 'other' | 'fraud', note: string | null): CustomerEvent => ({
      type: 'points.adjusted',
      data: { points, reason, note, external_ref: null, actor: { type: 'admin' }, balance_after: 10, lifetime_points_after: 10 },
    });
    expect(activityOf(adjusted(20, 'goodwill', 'Coffee was cold'))).toEqual({
      type: 'adjustment',
      points: 20,
      balanceAfter: 10,
      externalRef: null,
      description: 'Goodwill: Coffee was cold',
    });
    expect(activityOf(adjusted(-5, 'fraud', null))?.description).toBe('Fraud');
    expect(activityOf(adjusted(5, 'other', null))?.description).toBe('Adjustment');
  });

  it('registration and corrections are not points history', () => {
    expect(activityOf({ type: 'customer.registered', data: { loyalty_code: 'F55EA00D', name: 'Sophie', email: null, birthday: null } })).toBeNull();
    expect(activityOf({ type: 'customer.updated', data: { email: 'x@example.com' } })).toBeNull();
    expect(ACTIVITY_EVENT_TYPES).toEqual([
      'points.awarded',
      'reward.redeemed',
      'points.adjusted',
      'points.refunded',
      'reward.redemption_reversed',
      'points.expired',
    ]);
  });
});
