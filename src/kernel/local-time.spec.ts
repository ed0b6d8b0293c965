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

  it('answers every instant of a minute alike, asked first or again', () => {
    const expected = { date: '2026-06-15', weekday: 1, minutes: 8 * 60 + 30 };
    for (const at of ['2026-06-14T23:30:59.999Z', '2026-06-14T23:30:00.000Z', '2026-06-14T23:30:31.000Z', '2026-06-14T23:30:59.999Z']) {
      expect(toLocalWallClock(new Date(at), 'Asia/Tokyo')).toEqual(expected);
    }
    expect(toLocalWallClock(new Date('2026-06-14T23:31:00.000Z'), 'Asia/Tokyo').minutes).toBe(8 * 60 + 31);
    expect(toLocalWallClock(new Date('2026-06-14T23:30:30.000Z'), 'Europe/Paris').minutes).toBe(1 * 60 + 30);
  });

  it('tells apart instants of one UTC minute that an offset with seconds puts in two local minutes', () => {
    // Monrovia kept UTC-0:44:30 until 1972: 00:00:20 UTC is 23:15:50 there, 00:00:40 is 23:16:10.
    expect(toLocalWallClock(new Date('1960-06-01T00:00:20Z'), 'Africa/Monrovia').minutes).toBe(23 * 60 + 15);
    expect(toLocalWallClock(new Date('1960-06-01T00:00:40Z'), 'Africa/Monrovia').minutes).toBe(23 * 60 + 16);
    expect(toLocalWallClock(new Date('1960-06-01T00:00:20Z'), 'Africa/Monrovia').minutes).toBe(23 * 60 + 15);
  });

  it('throws RangeError for an unknown zone or an invalid date', () => {
    expect(() => toLocalWallClock(new Date(), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => toLocalWallClock(new Date('nope'), 'UTC')).toThrow(RangeError);
  });
});
