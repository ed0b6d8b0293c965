import { Bonus, bestBonus, isBonusActive } from './bonus-window';
import { parseDecimal4 } from '../../../kernel/decimal';

const SUN = 0;
const MON = 1;
const FRI = 5;
const SAT = 6;

function bonus(overrides: Partial<Bonus> = {}): Bonus {
  return { name: 'bonus', multiplier: parseDecimal4('2'), active: true, ...overrides };
}

const at = (iso: string): Date => new Date(iso);

describe('isBonusActive', () => {
  describe('status', () => {
    it('is never active when the bonus is switched off, even inside its window', () => {
      expect(isBonusActive(bonus({ active: false }), at('2026-06-15T12:00:00Z'), 'UTC')).toBe(false);
    });

    it('is always active without dates, days or times', () => {
      expect(isBonusActive(bonus(), at('2026-06-15T12:00:00Z'), 'UTC')).toBe(true);
    });
  });

  describe('happy hour judged in the organization time zone', () => {
    const happyHour = bonus({ startTime: '17:00', endTime: '19:00' });

    it('is active at 17:30 Paris time, which is 15:30 UTC in summer', () => {
      expect(isBonusActive(happyHour, at('2026-06-15T15:30:00Z'), 'Europe/Paris')).toBe(true);
    });

    it('is not active at 17:30 UTC, which is already 19:30 in Paris', () => {
      expect(isBonusActive(happyHour, at('2026-06-15T17:30:00Z'), 'Europe/Paris')).toBe(false);
    });

    it('includes the start minute and excludes the end minute', () => {
      expect(isBonusActive(happyHour, at('2026-06-15T15:00:00Z'), 'Europe/Paris')).toBe(true);
      expect(isBonusActive(happyHour, at('2026-06-15T16:59:59Z'), 'Europe/Paris')).toBe(true);
      expect(isBonusActive(happyHour, at('2026-06-15T17:00:00Z'), 'Europe/Paris')).toBe(false);
      expect(isBonusActive(happyHour, at('2026-06-15T14:59:59Z'), 'Europe/Paris')).toBe(false);
    });

    it('takes the weekday from the local date: Sunday 23:30 UTC is Monday in Tokyo', () => {
      const mondays = bonus({ daysOfWeek: [MON] });
      expect(isBonusActive(mondays, at('2026-06-14T23:30:00Z'), 'Asia/Tokyo')).toBe(true);
      expect(isBonusActive(mondays, at('2026-06-14T23:30:00Z'), 'UTC')).toBe(false);
    });
  });

  describe('days of week', () => {
    it('covers the whole listed local day when no times are set', () => {
      const mondays = bonus({ daysOfWeek: [MON] });
      // Monday 2026-06-15 in Paris runs from 2026-06-14T22:00Z to 2026-06-15T22:00Z.
      expect(isBonusActive(mondays, at('2026-06-14T21:59:59Z'), 'Europe/Paris')).toBe(false);
      expect(isBonusActive(mondays, at('2026-06-14T22:00:00Z'), 'Europe/Paris')).toBe(true);
      expect(isBonusActive(mondays, at('2026-06-15T21:59:59Z'), 'Europe/Paris')).toBe(true);
      expect(isBonusActive(mondays, at('2026-06-15T22:00:00Z'), 'Europe/Paris')).toBe(false);
    });

    it('treats an empty or null day list as every day', () => {
      const times = { startTime: '10:00', endTime: '11:00' };
      for (const daysOfWeek of [[], null, undefined]) {
        expect(isBonusActive(bonus({ ...times, daysOfWeek }), at('2026-06-20T10:30:00Z'), 'UTC')).toBe(true);
      }
    });

    it('applies a same-day window only on listed days', () => {
      const weekdayLunch = bonus({ daysOfWeek: [MON], startTime: '12:00', endTime: '14:00' });
      expect(isBonusActive(weekdayLunch, at('2026-06-15T12:30:00Z'), 'UTC')).toBe(true);
      expect(isBonusActive(weekdayLunch, at('2026-06-16T12:30:00Z'), 'UTC')).toBe(false);
    });
  });

  describe('window crossing midnight (Friday 22:00 → 02:00)', () => {
    // 2026-06-19 is a Friday; the window belongs to Friday and spills into Saturday.
    const fridayNight = bonus({ daysOfWeek: [FRI], startTime: '22:00', endTime: '02:00' });
    const active = (iso: string): boolean => isBonusActive(fridayNight, at(iso), 'UTC');

    it('is active from the start on the listed day until midnight', () => {
      expect(active('2026-06-19T22:00:00Z')).toBe(true);
      expect(active('2026-06-19T23:59:59Z')).toBe(true);
    });

    it('continues after midnight into the next day until the end (exclusive)', () => {
      expect(active('2026-06-20T00:00:00Z')).toBe(true);
      expect(active('2026-06-20T01:59:59Z')).toBe(true);
      expect(active('2026-06-20T02:00:00Z')).toBe(false);
    });

    it('is not active before the start on the listed day', () => {
      expect(active('2026-06-19T21:59:59Z')).toBe(false);
    });

    it('does not run in the early hours of the listed day (those belong to Thursday night)', () => {
      expect(active('2026-06-19T01:00:00Z')).toBe(false);
    });

    it('does not start on the following, unlisted day', () => {
      expect(active('2026-06-20T22:30:00Z')).toBe(false);
      expect(active('2026-06-21T01:00:00Z')).toBe(false);
    });

    it('wraps the weekday: a Saturday night window continues into Sunday', () => {
      const saturdayNight = bonus({ daysOfWeek: [SAT], startTime: '23:00', endTime: '01:00' });
      expect(isBonusActive(saturdayNight, at('2026-06-21T00:30:00Z'), 'UTC')).toBe(true);
    });

    it('runs every night when no days are listed', () => {
      const nightly = bonus({ startTime: '22:00', endTime: '02:00' });
      expect(isBonusActive(nightly, at('2026-06-16T01:00:00Z'), 'UTC')).toBe(true);
      expect(isBonusActive(nightly, at('2026-06-16T12:00:00Z'), 'UTC')).toBe(false);
    });

    it('treats equal start and end as a 24-hour window from the start on the listed day', () => {
      const fullTurn = bonus({ daysOfWeek: [MON], startTime: '09:00', endTime: '09:00' });
      expect(isBonusActive(fullTurn, at('2026-06-15T08:59:00Z'), 'UTC')).toBe(false);
      expect(isBonusActive(fullTurn, at('2026-06-15T09:00:00Z'), 'UTC')).toBe(true);
      expect(isBonusActive(fullTurn, at('2026-06-16T08:59:00Z'), 'UTC')).toBe(true);
      expect(isBonusActive(fullTurn, at('2026-06-16T09:00:00Z'), 'UTC')).toBe(false);
    });

    it('treats 00:00 → 00:00 as exactly the listed day', () => {
      const wholeMonday = bonus({ daysOfWeek: [MON], startTime: '00:00', endTime: '00:00' });
      expect(isBonusActive(wholeMonday, at('2026-06-15T00:00:00Z'), 'UTC')).toBe(true);
      expect(isBonusActive(wholeMonday, at('2026-06-15T23:59:59Z'), 'UTC')).toBe(true);
      expect(isBonusActive(wholeMonday, at('2026-06-16T00:00:00Z'), 'UTC')).toBe(false);
    });
  });

  describe('only one of start and end time', () => {
    it('runs from the start time to the end of the day', () => {
      const evening = bonus({ startTime: '18:00' });
      expect(isBonusActive(evening, at('2026-06-15T17:59:00Z'), 'UTC')).toBe(false);
      expect(isBonusActive(evening, at('2026-06-15T23:59:00Z'), 'UTC')).toBe(true);
    });

    it('runs from midnight to the end time', () => {
      const morning = bonus({ endTime: '10:00' });
      expect(isBonusActive(morning, at('2026-06-15T09:59:00Z'), 'UTC')).toBe(true);
      expect(isBonusActive(morning, at('2026-06-15T10:00:00Z'), 'UTC')).toBe(false);
    });
  });

  describe('date range', () => {
    const june = bonus({ startsOn: '2026-06-01', endsOn: '2026-06-30' });
    const active = (iso: string): boolean => isBonusActive(june, at(iso), 'Europe/Paris');

    it('includes the whole first local day', () => {
      expect(active('2026-05-31T21:59:59Z')).toBe(false);
      expect(active('2026-05-31T22:00:00Z')).toBe(true);
    });

    it('includes the whole last local day', () => {
      expect(active('2026-06-30T21:59:59Z')).toBe(true);
      expect(active('2026-06-30T22:00:00Z')).toBe(false);
    });

    it('accepts an open end or an open start', () => {
      const fromJune = bonus({ startsOn: '2026-06-01', endsOn: null });
      const untilJune = bonus({ endsOn: '2026-06-30' });
      expect(isBonusActive(fromJune, at('2030-01-01T00:00:00Z'), 'UTC')).toBe(true);
      expect(isBonusActive(fromJune, at('2026-05-31T23:59:59Z'), 'UTC')).toBe(false);
      expect(isBonusActive(untilJune, at('2020-01-01T00:00:00Z'), 'UTC')).toBe(true);
      expect(isBonusActive(untilJune, at('2026-07-01T00:00:00Z'), 'UTC')).toBe(false);
    });

    it('judges the current local date, so a night window stops at midnight after the last day', () => {
      const lastNight = bonus({ endsOn: '2026-06-19', startTime: '22:00', endTime: '02:00' });
      expect(isBonusActive(lastNight, at('2026-06-19T23:00:00Z'), 'UTC')).toBe(true);
      expect(isBonusActive(lastNight, at('2026-06-20T01:00:00Z'), 'UTC')).toBe(false);
    });
  });

  describe('daylight-saving days', () => {
    it('Paris spring forward (2026-03-29): a 02:00–03:00 window never occurs', () => {
      const lostHour = bonus({ startTime: '02:00', endTime: '03:00' });
      expect(isBonusActive(lostHour, at('2026-03-29T00:59:59Z'), 'Europe/Paris')).toBe(false); // 01:59 CET
      expect(isBonusActive(lostHour, at('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe(false); // 03:00 CEST
    });

    it('Paris spring forward: a Saturday night window ends at 03:00 local, one real hour earlier', () => {
      const saturdayNight = bonus({ daysOfWeek: [SAT], startTime: '22:00', endTime: '03:00' });
      expect(isBonusActive(saturdayNight, at('2026-03-28T21:00:00Z'), 'Europe/Paris')).toBe(true); // Sat 22:00 CET
      expect(isBonusActive(saturdayNight, at('2026-03-29T00:59:59Z'), 'Europe/Paris')).toBe(true); // Sun 01:59 CET
      expect(isBonusActive(saturdayNight, at('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe(false); // Sun 03:00 CEST
    });

    it('Paris fall back (2026-10-25): a 02:00–03:00 window covers both occurrences of the hour', () => {
      const repeatedHour = bonus({ daysOfWeek: [SUN], startTime: '02:00', endTime: '03:00' });
      expect(isBonusActive(repeatedHour, at('2026-10-25T00:30:00Z'), 'Europe/Paris')).toBe(true); // 02:30 CEST
      expect(isBonusActive(repeatedHour, at('2026-10-25T01:30:00Z'), 'Europe/Paris')).toBe(true); // 02:30 CET
      expect(isBonusActive(repeatedHour, at('2026-10-25T02:00:00Z'), 'Europe/Paris')).toBe(false); // 03:00 CET
    });

    it('New York: happy hour follows local 17:00 across the 2026-03-08 switch to EDT', () => {
      const happyHour = bonus({ startTime: '17:00', endTime: '19:00' });
      const zone = 'America/New_York';
      expect(isBonusActive(happyHour, at('2026-03-07T21:30:00Z'), zone)).toBe(false); // 16:30 EST
      expect(isBonusActive(happyHour, at('2026-03-07T22:30:00Z'), zone)).toBe(true); // 17:30 EST
      expect(isBonusActive(happyHour, at('2026-03-08T21:30:00Z'), zone)).toBe(true); // 17:30 EDT
      expect(isBonusActive(happyHour, at('2026-03-08T23:00:00Z'), zone)).toBe(false); // 19:00 EDT
    });

    it('New York fall back (2026-11-01): 01:30 local counts in both EDT and EST', () => {
      const lateNight = bonus({ startTime: '01:00', endTime: '02:00' });
      const zone = 'America/New_York';
      expect(isBonusActive(lateNight, at('2026-11-01T05:30:00Z'), zone)).toBe(true); // 01:30 EDT
      expect(isBonusActive(lateNight, at('2026-11-01T06:30:00Z'), zone)).toBe(true); // 01:30 EST
      expect(isBonusActive(lateNight, at('2026-11-01T07:00:00Z'), zone)).toBe(false); // 02:00 EST
    });
  });

  describe('corrupt configuration', () => {
    it('throws RangeError rather than guessing', () => {
      const now = at('2026-06-15T12:00:00Z');
      expect(() => isBonusActive(bonus({ startTime: '25:00', endTime: '26:00' }), now, 'UTC')).toThrow(RangeError);
      expect(() => isBonusActive(bonus({ startsOn: '2026-02-30' }), now, 'UTC')).toThrow(RangeError);
      expect(() => isBonusActive(bonus(), now, 'Mars/Olympus')).toThrow(RangeError);
    });
  });
});

describe('bestBonus', () => {
  const noon = at('2026-06-15T12:00:00Z');

  it('picks the active bonus with the highest multiplier', () => {
    const bonuses = [
      bonus({ name: 'double', multiplier: parseDecimal4('2') }),
      bonus({ name: 'triple', multiplier: parseDecimal4('3') }),
      bonus({ name: 'half more', multiplier: parseDecimal4('1.5') }),
    ];
    expect(bestBonus(bonuses, noon, 'UTC')).toEqual({ name: 'triple', multiplier: 30_000n });
  });

  it('keeps the first listed on equal multipliers', () => {
    const bonuses = [bonus({ name: 'first' }), bonus({ name: 'second' })];
    expect(bestBonus(bonuses, noon, 'UTC')?.name).toBe('first');
  });

  it('ignores inactive and out-of-window bonuses, however high', () => {
    const bonuses = [
      bonus({ name: 'off', multiplier: parseDecimal4('10'), active: false }),
      bonus({ name: 'evening', multiplier: parseDecimal4('5'), startTime: '18:00', endTime: '20:00' }),
      bonus({ name: 'small', multiplier: parseDecimal4('1.1') }),
    ];
    expect(bestBonus(bonuses, noon, 'UTC')).toEqual({ name: 'small', multiplier: 11_000n });
  });

  it('returns null when none is active', () => {
    expect(bestBonus([], noon, 'UTC')).toBeNull();
    expect(bestBonus([bonus({ active: false })], noon, 'UTC')).toBeNull();
  });
});
