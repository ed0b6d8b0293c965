import { CustomerEvent, PointsAdjustedData, PointsAwardedData, RewardRedeemedData } from './customer-events';
import { CustomerState, evolve, replay, ReplayError, UNREGISTERED } from './customer-state';

/** Given events, when one more applies, then the state: evolve on typed events, no database. */

const registered = (code = '0A1B2C3D', email: string | null = 'sophie@example.com'): CustomerEvent => ({
  type: 'customer.registered',
  data: { loyalty_code: code, name: 'Sophie', email, birthday: '1990-05-01' },
});
const awarded = (points: number): CustomerEvent => ({
  type: 'points.awarded',
  data: { points, amount_cents: points * 100, balance_after: 0 } as unknown as PointsAwardedData,
});
const redeemed = (cost: number): CustomerEvent => ({
  type: 'reward.redeemed',
  data: { points_cost: cost, reward_name: 'Coffee' } as unknown as RewardRedeemedData,
});

const adjusted = (points: number): CustomerEvent => ({
  type: 'points.adjusted',
  data: {
    points,
    reason: 'goodwill',
    note: null,
    external_ref: null,
    actor: { type: 'admin' },
    balance_after: 0,
    lifetime_points_after: 0,
  } as PointsAdjustedData,
});
const updated = (data: { name?: string; email?: string | null; birthday?: string | null }): CustomerEvent => ({ type: 'customer.updated', data });

const given = (...events: CustomerEvent[]): CustomerState => replay(events);

describe('evolve', () => {
  it('given nothing, the customer is unregistered with no points', () => {
    expect(given()).toBe(UNREGISTERED);
  });

  it('when registered, the state holds the code and the personal data, at version 1', () => {
    expect(evolve(UNREGISTERED, registered('ABCDEF01'))).toEqual({
      loyaltyCode: 'ABCDEF01',
      name: 'Sophie',
      email: 'sophie@example.com',
      birthday: '1990-05-01',
      pointsBalance: 0,
      lifetimePoints: 0,
      lots: [],
      version: 1,
    });
  });

  it('given a registered customer, when awarded, both the balance and the lifetime points rise', () => {
    expect(evolve(given(registered(), awarded(120)), awarded(30))).toMatchObject({
      pointsBalance: 150,
      lifetimePoints: 150,
      lots: [{ lot: 0, expires_at: null, points: 150 }],
      version: 3,
    });
  });

  it('given points, when a reward is redeemed, only the balance falls', () => {
    expect(evolve(given(registered(), awarded(100)), redeemed(40))).toMatchObject({
      pointsBalance: 60,
      lifetimePoints: 100,
      lots: [{ lot: 0, expires_at: null, points: 60 }],
      version: 3,
    });
  });

  it('given exactly the cost, when redeemed, the balance is zero', () => {
    expect(evolve(given(registered(), awarded(40)), redeemed(40))).toMatchObject({ pointsBalance: 0, lifetimePoints: 40 });
  });

  it('keeps the personal data through points events', () => {
    expect(given(registered('ABCDEF01', null), awarded(5), redeemed(5))).toMatchObject({ loyaltyCode: 'ABCDEF01', name: 'Sophie', email: null });
  });

  it('never changes the state it was given', () => {
    const before = given(registered(), awarded(10));
    const copy = { ...before };
    evolve(before, awarded(7));
    expect(before).toEqual(copy);
  });

  it('given a customer, when corrected, replaces only the fields the correction names', () => {
    expect(evolve(given(registered(), awarded(10)), updated({ email: 'sophie.b@example.com' }))).toEqual({
      loyaltyCode: '0A1B2C3D',
      name: 'Sophie',
      email: 'sophie.b@example.com',
      birthday: '1990-05-01',
      pointsBalance: 10,
      lifetimePoints: 10,
      lots: [{ lot: 0, points: 10, expires_at: null }],
      version: 3,
    });
    expect(evolve(given(registered()), updated({ name: 'Sophie B', birthday: null }))).toMatchObject({
      name: 'Sophie B',
      email: 'sophie@example.com',
      birthday: null,
    });
  });

  it('given a customer, when points are adjusted up, both the balance and the lifetime points rise', () => {
    expect(evolve(given(registered(), awarded(100)), adjusted(25))).toMatchObject({ pointsBalance: 125, lifetimePoints: 125, version: 3 });
  });

  it('given a customer, when points are adjusted down, only the balance falls, to zero at most', () => {
    expect(evolve(given(registered(), awarded(100)), adjusted(-30))).toMatchObject({ pointsBalance: 70, lifetimePoints: 100 });
    expect(evolve(given(registered(), awarded(100)), adjusted(-100))).toMatchObject({ pointsBalance: 0, lifetimePoints: 100 });
  });

  describe('refuses an event that cannot apply', () => {
    it.each([
      ['an award before registration', [], awarded(5), 'not_registered'],
      ['a redemption before registration', [], redeemed(5), 'not_registered'],
      ['a second registration', [registered()], registered(), 'already_registered'],
      ['a redemption above the balance', [registered(), awarded(10)], redeemed(11), 'overdrawn'],
      ['a correction before registration', [], updated({ name: 'Sophie' }), 'not_registered'],
      ['an adjustment before registration', [], adjusted(5), 'not_registered'],
      ['a negative adjustment above the balance', [registered(), awarded(10)], adjusted(-11), 'overdrawn'],
    ] as const)('%s', (_name, before, event, code) => {
      let thrown: unknown;
      try {
        evolve(given(...before), event);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ReplayError);
      expect((thrown as ReplayError).code).toBe(code);
    });
  });
});
