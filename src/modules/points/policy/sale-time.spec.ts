import { MAX_SALE_AGE_MS, MAX_SALE_TIME_AHEAD_MS, resolveSaleTime } from './sale-time';

const now = new Date('2026-06-15T12:00:00.000Z');
const offset = (ms: number): Date => new Date(now.getTime() + ms);

describe('resolveSaleTime', () => {
  it('uses now when the sale carries no time', () => {
    expect(resolveSaleTime(undefined, now)).toEqual({ ok: true, at: now });
  });

  it('accepts a sale stamped in the past within the limit', () => {
    const at = offset(-60_000);
    expect(resolveSaleTime(at, now)).toEqual({ ok: true, at });
  });

  it('accepts a sale exactly 5 minutes ahead (POS clock skew)', () => {
    expect(resolveSaleTime(offset(MAX_SALE_TIME_AHEAD_MS), now).ok).toBe(true);
  });

  it('rejects a sale more than 5 minutes ahead as too_far_in_future', () => {
    expect(resolveSaleTime(offset(MAX_SALE_TIME_AHEAD_MS + 1), now)).toEqual({
      ok: false,
      reason: 'too_far_in_future',
    });
  });

  it('accepts a sale exactly 30 days old', () => {
    expect(resolveSaleTime(offset(-MAX_SALE_AGE_MS), now).ok).toBe(true);
  });

  it('rejects a sale more than 30 days old as too_old', () => {
    expect(resolveSaleTime(offset(-MAX_SALE_AGE_MS - 1), now)).toEqual({ ok: false, reason: 'too_old' });
  });

  it('exposes the limits as 5 minutes and 30 days', () => {
    expect(MAX_SALE_TIME_AHEAD_MS).toBe(300_000);
    expect(MAX_SALE_AGE_MS).toBe(2_592_000_000);
  });

  it('returns a copy, so mutating the input later cannot move the sale', () => {
    const occurredAt = offset(-1_000);
    const result = resolveSaleTime(occurredAt, now);
    occurredAt.setTime(0);
    expect(result).toEqual({ ok: true, at: offset(-1_000) });
  });

  it('throws on an invalid Date instead of letting it pass both checks', () => {
    expect(() => resolveSaleTime(new Date('nope'), now)).toThrow(RangeError);
    expect(() => resolveSaleTime(undefined, new Date('nope'))).toThrow(RangeError);
  });
});
