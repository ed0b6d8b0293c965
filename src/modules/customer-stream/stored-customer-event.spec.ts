import { ReplayError } from './customer-state';
import { applyStoredEvent, replayStored as replay, StoredEventLike as ReplayableEvent } from './stored-customer-event';

const registered = (code = '0A1B2C3D'): ReplayableEvent => ({
  type: 'customer.registered',
  data: { loyalty_code: code, name: 'Sophie', email: null, birthday: null },
});
const awarded = (points: number): ReplayableEvent => ({ type: 'points.awarded', data: { points, amount_cents: points * 100, balance_after: 0 } });
const redeemed = (cost: number): ReplayableEvent => ({ type: 'reward.redeemed', data: { points_cost: cost, reward_name: 'Coffee' } });

const adjusted = (points: unknown, reason: unknown = 'goodwill'): ReplayableEvent => ({
  type: 'points.adjusted',
  data: { points, reason, note: null, actor: { type: 'admin' } },
});
const updated = (data: Record<string, unknown>): ReplayableEvent => ({ type: 'customer.updated', data });

const replayError = (events: ReplayableEvent[]): ReplayError => {
  try {
    replay(events);
  } catch (error) {
    if (error instanceof ReplayError) return error;
    throw error;
  }
  throw new Error('expected a ReplayError');
};

describe('replaying a customer from stored events', () => {
  it('starts unregistered, with nothing', () => {
    expect(replay([])).toEqual({ loyaltyCode: null, name: null, email: null, birthday: null, pointsBalance: 0, lifetimePoints: 0, lots: [], version: 0 });
  });

  it('given customer.registered, knows the loyalty code, at version 1', () => {
    expect(replay([registered('ABCDEF01')])).toEqual({
      loyaltyCode: 'ABCDEF01',
      name: 'Sophie',
      email: null,
      birthday: null,
      pointsBalance: 0,
      lifetimePoints: 0,
      lots: [],
      version: 1,
    });
  });

  it('given awards, raises both the balance and the lifetime points', () => {
    expect(replay([registered(), awarded(120), awarded(30)])).toMatchObject({
      pointsBalance: 150,
      lifetimePoints: 150,
      lots: [{ lot: 0, expires_at: null, points: 150 }],
      version: 3,
    });
  });

  it('given a redemption, lowers only the balance', () => {
    expect(replay([registered(), awarded(100), redeemed(40), awarded(5)])).toMatchObject({
      pointsBalance: 65,
      lifetimePoints: 105,
      lots: [{ lot: 0, expires_at: null, points: 65 }],
      version: 4,
    });
  });

  it('lets a redemption take the balance to exactly zero', () => {
    expect(replay([registered(), awarded(40), redeemed(40)])).toMatchObject({ pointsBalance: 0, lifetimePoints: 40 });
  });

  it('given corrections, keeps the latest personal data', () => {
    expect(replay([registered(), updated({ name: 'Sophie B', email: 'sb@example.com' }), updated({ email: null, birthday: '1990-05-02' })])).toMatchObject({
      name: 'Sophie B',
      email: null,
      birthday: '1990-05-02',
      version: 3,
    });
  });

  it('given adjustments, raises the balance and lifetime points when positive, only lowers the balance when negative', () => {
    expect(replay([registered(), awarded(100), adjusted(20), adjusted(-50)])).toMatchObject({ pointsBalance: 70, lifetimePoints: 120, version: 4 });
  });

  it('continues from a given state', () => {
    const halfway = replay([registered(), awarded(10)]);
    expect(replay([awarded(5)], halfway)).toMatchObject({ pointsBalance: 15, version: 3 });
  });

  it('never changes the state it was given', () => {
    const before = replay([registered(), awarded(10)]);
    const copy = { ...before };
    applyStoredEvent(before, awarded(7));
    expect(before).toEqual(copy);
  });

  describe('reports what it cannot apply, instead of ignoring it', () => {
    it.each([
      ['an unknown event type', [registered(), { type: 'points.teleported', data: { points: 5 } }], 'unknown_event_type'],
      ['an unknown schema version', [registered(), { ...awarded(5), schemaVersion: 2 }], 'unknown_schema_version'],
      ['an award before registration', [awarded(5)], 'not_registered'],
      ['a redemption before registration', [redeemed(5)], 'not_registered'],
      ['a second registration', [registered(), registered()], 'already_registered'],
      ['a registration without a valid code', [registered('nope')], 'invalid_data'],
      ['an award without points', [registered(), { type: 'points.awarded', data: { amount_cents: 100 } }], 'invalid_data'],
      ['an award of zero points', [registered(), awarded(0)], 'invalid_data'],
      ['an award of fractional points', [registered(), awarded(1.5)], 'invalid_data'],
      ['an award of points as a string', [registered(), { type: 'points.awarded', data: { points: '5' } }], 'invalid_data'],
      ['event data that is not an object', [registered(), { type: 'points.awarded', data: [5] }], 'invalid_data'],
      ['a redemption without points_cost', [registered(), awarded(10), { type: 'reward.redeemed', data: {} }], 'invalid_data'],
      ['a redemption that would overdraw the balance', [registered(), awarded(10), redeemed(11)], 'overdrawn'],
      ['a correction naming no field', [registered(), updated({})], 'invalid_data'],
      ['a correction to an empty name', [registered(), updated({ name: '' })], 'invalid_data'],
      ['a correction to a numeric email', [registered(), updated({ email: 5 })], 'invalid_data'],
      ['a correction to a birthday that is no date', [registered(), updated({ birthday: 'May 1st' })], 'invalid_data'],
      ['a correction before registration', [updated({ name: 'Sophie' })], 'not_registered'],
      ['an adjustment of zero points', [registered(), adjusted(0)], 'invalid_data'],
      ['an adjustment of fractional points', [registered(), adjusted(2.5)], 'invalid_data'],
      ['an adjustment of points as a string', [registered(), adjusted('5')], 'invalid_data'],
      ['an adjustment with an unknown reason', [registered(), adjusted(5, 'bribe')], 'invalid_data'],
      ['an adjustment that would overdraw the balance', [registered(), awarded(10), adjusted(-11)], 'overdrawn'],
    ])('%s', (_name, events, code) => {
      expect(replayError(events as ReplayableEvent[]).code).toBe(code);
    });

    it('names the unknown type in the message', () => {
      expect(replayError([registered(), { type: 'points.teleported', data: {} }]).message).toContain('"points.teleported"');
    });
  });
});
