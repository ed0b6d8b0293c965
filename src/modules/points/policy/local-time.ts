/** An instant as seen on the wall clock of a time zone. */
export interface LocalWallClock {
  /** 'YYYY-MM-DD' local calendar date. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight, 0–1439. */
  minutes: number;
}

// Building a DateTimeFormat is costly and awards are evaluated per sale.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // hourCycle h23: with hour12:false some runtimes print midnight as "24".
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Converts an instant to the local date, weekday and minute of day in an IANA zone.
 * Throws RangeError for an unknown zone. Daylight-saving transitions need no special
 * handling: the result is whatever the local wall clock shows at that instant.
 */
export function toLocalWallClock(at: Date, timeZone: string): LocalWallClock {
  if (Number.isNaN(at.getTime())) {
    throw new RangeError('Cannot convert an invalid Date to local time');
  }
  const parts = partsOf(formatterFor(timeZone).formatToParts(at));
  const [year, month, day] = [parts.year, parts.month, parts.day];
  const date = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  return { date, weekday: weekdayOf(year, month, day), minutes: parts.hour * 60 + parts.minute };
}

type NumericPart = 'year' | 'month' | 'day' | 'hour' | 'minute';

function partsOf(parts: Intl.DateTimeFormatPart[]): Record<NumericPart, number> {
  const value = (type: NumericPart): number => {
    const part = parts.find((candidate) => candidate.type === type);
    if (part === undefined) {
      throw new RangeError(`Intl did not return the ${type} of the date`);
    }
    return Number(part.value);
  };
  return {
    year: value('year'),
    month: value('month'),
    day: value('day'),
    hour: value('hour') % 24, // defensive: never let a "24" hour push minutes past the day
    minute: value('minute'),
  };
}

// The weekday follows from the local calendar date itself, so it cannot
// disagree with `date` and does not depend on locale-specific weekday names.
function weekdayOf(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDay();
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
