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
  const ms = at.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError('Cannot convert an invalid Date to local time');
  }
  return wallClockOfMinute(Math.floor(ms / MS_PER_MINUTE), ms, timeZone);
}

const MS_PER_MINUTE = 60_000;
/** Minutes remembered per zone: sales come in at "now", so a handful is all that is ever hit. */
const MINUTES_KEPT = 64;

// formatToParts is most of an award's policy time, and every sale of a minute asks the same
// question: the answer is remembered per zone and UTC minute.
const minutesByZone = new Map<string, Map<number, Readonly<LocalWallClock>>>();

/**
 * The wall clock of a UTC minute, remembered when the whole minute shows one local minute: always
 * so for today's zones (their offsets and transitions are whole minutes), not for the odd historic
 * offset with seconds, which is computed at every call instead.
 */
function wallClockOfMinute(minute: number, ms: number, timeZone: string): LocalWallClock {
  let minutes = minutesByZone.get(timeZone);
  const known = minutes?.get(minute);
  if (known !== undefined) return known;
  const first = convert(minute * MS_PER_MINUTE, timeZone);
  const last = convert(minute * MS_PER_MINUTE + MS_PER_MINUTE - 1, timeZone);
  if (first.date !== last.date || first.minutes !== last.minutes) return convert(ms, timeZone);
  if (minutes === undefined) minutesByZone.set(timeZone, (minutes = new Map()));
  if (minutes.size >= MINUTES_KEPT) minutes.clear();
  minutes.set(minute, Object.freeze(first));
  return first;
}

function convert(ms: number, timeZone: string): LocalWallClock {
  const parts = partsOf(formatterFor(timeZone).formatToParts(ms));
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
