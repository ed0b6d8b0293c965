import { toLocalWallClock } from './local-time';

describe('toLocalWallClock', () => {
  it('gives the local date, weekday and minute of day in the zone', () => {
    // 2026-06-14 23:30 UTC is Monday 08:30 in Tokyo (UTC+9).
    expect(toLocalWallClock(new Date('2026-06-14T23:30:00Z'), 'Asia/Tokyo')).toEqual({
      date: '2026-06-15',
      weekday: 1,
      minutes: 8 * 60 + 30,
    });
  });

  it('reports midnight as minute 0, never 24:00', () => {
    expect(toLocalWallClock(new Date('2026-06-14T22:00:00Z'), 'Europe/Paris')).toEqual({
      date: '2026-06-15',
      weekday: 1,
      minutes: 0,
    });
  });

  it('follows the wall clock over the Paris spring-forward gap (01:59 then 03:00)', () => {
    expect(toLocalWallClock(new Date('2026-03-29T00:59:00Z'), 'Europe/Paris').minutes).toBe(1 * 60 + 59);
    expect(toLocalWallClock(new Date('2026-03-29T01:00:00Z'), 'Europe/Paris').minutes).toBe(3 * 60);
  });

  it('shows the repeated hour twice on the Paris fall-back day', () => {
    expect(toLocalWallClock(new Date('2026-10-25T00:30:00Z'), 'Europe/Paris').minutes).toBe(2 * 60 + 30);
    expect(toLocalWallClock(new Date('2026-10-25T01:30:00Z'), 'Europe/Paris').minutes).toBe(2 * 60 + 30);
  });

  it('throws RangeError for an unknown zone or an invalid date', () => {
    expect(() => toLocalWallClock(new Date(), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => toLocalWallClock(new Date('nope'), 'UTC')).toThrow(RangeError);
  });
});
