import { assertIsoDate, clockTimeToMinutes, MINUTES_PER_DAY } from '../../../kernel/calendar-values';
import { Decimal4 } from '../../../kernel/decimal';
import { LocalWallClock, toLocalWallClock } from '../../../kernel/local-time';

/** A bonus campaign; all times and dates are in the organization's local time zone. */
export interface Bonus {
  name: string;
  multiplier: Decimal4;
  /** 0 = Sunday … 6 = Saturday; empty or null means every day. */
  daysOfWeek?: readonly number[] | null;
  /** 'HH:MM' local start of the daily window. */
  startTime?: string | null;
  /** 'HH:MM' local end of the daily window (exclusive); at or before start = crosses midnight. */
  endTime?: string | null;
  /** 'YYYY-MM-DD' first local date (inclusive). */
  startsOn?: string | null;
  /** 'YYYY-MM-DD' last local date (inclusive). */
  endsOn?: string | null;
  active: boolean;
}

export interface ChosenBonus {
  name: string;
  multiplier: Decimal4;
}

/** Whether the bonus applies at the instant `at`, judged on the wall clock of `timeZone`. */
export function isBonusActive(bonus: Bonus, at: Date, timeZone: string): boolean {
  if (!bonus.active) {
    return false;
  }
  const local = toLocalWallClock(at, timeZone);
  return isWithinDateRange(bonus, local.date) && isWithinWeeklyWindow(bonus, local);
}

/** The active bonus with the highest multiplier; on a tie the earliest one listed wins. */
export function bestBonus(bonuses: readonly Bonus[], at: Date, timeZone: string): ChosenBonus | null {
  let best: ChosenBonus | null = null;
  for (const bonus of bonuses) {
    if (isBonusActive(bonus, at, timeZone) && (best === null || bonus.multiplier > best.multiplier)) {
      best = { name: bonus.name, multiplier: bonus.multiplier };
    }
  }
  return best;
}

// 'YYYY-MM-DD' strings compare chronologically as plain strings.
function isWithinDateRange(bonus: Bonus, localDate: string): boolean {
  if (bonus.startsOn != null) {
    assertIsoDate(bonus.startsOn, 'startsOn');
    if (localDate < bonus.startsOn) {
      return false;
    }
  }
  if (bonus.endsOn != null) {
    assertIsoDate(bonus.endsOn, 'endsOn');
    if (localDate > bonus.endsOn) {
      return false;
    }
  }
  return true;
}

/**
 * A missing start counts as 00:00 and a missing end as 24:00, so "no times" is the
 * whole listed day and one formula covers every case. When end <= start the window
 * belongs to the day it starts on and spills past midnight into the next day.
 */
function isWithinWeeklyWindow(bonus: Bonus, local: LocalWallClock): boolean {
  const start = bonus.startTime != null ? clockTimeToMinutes(bonus.startTime) : 0;
  const end = bonus.endTime != null ? clockTimeToMinutes(bonus.endTime) : MINUTES_PER_DAY;
  const isListedDay = (weekday: number): boolean => isListed(bonus.daysOfWeek, weekday);
  const t = local.minutes;
  if (end > start) {
    return isListedDay(local.weekday) && start <= t && t < end;
  }
  const yesterday = (local.weekday + 6) % 7;
  return (t >= start && isListedDay(local.weekday)) || (t < end && isListedDay(yesterday));
}

function isListed(daysOfWeek: readonly number[] | null | undefined, weekday: number): boolean {
  return daysOfWeek == null || daysOfWeek.length === 0 || daysOfWeek.includes(weekday);
}
