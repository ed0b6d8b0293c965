import { toLocalWallClock } from './local-time';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/**
 * When points earned at `saleAt` expire: the end of the organization's local day that is `days`
 * days after the sale's local day, in its IANA zone. The end of a day is the instant the next local
 * day begins (points are usable strictly before it). Calendar days, not 24-hour spans, so a
 * daylight-saving change in between moves nothing: the expiry is always a local midnight.
 */
export function localDayEndAfter(saleAt: Date, days: number, timeZone: string): Date {
  const saleDate = toLocalWallClock(saleAt, timeZone).date;
  return startOfLocalDate(addDays(saleDate, days + 1), timeZone);
}

/** 'YYYY-MM-DD' plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The first instant of a local calendar date. The zone's offset is found by looking at the wall
 * clock near the guess and correcting; where midnight does not exist (a zone that springs forward
 * at 00:00) the day starts when the clock first shows that date.
 */
export function startOfLocalDate(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const target = Date.UTC(year, month - 1, day);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const wall = toLocalWallClock(new Date(guess), timeZone);
    const shown = Date.parse(`${wall.date}T00:00:00Z`) + wall.minutes * MS_PER_MINUTE;
    if (shown === target) return new Date(guess);
    guess -= shown - target;
  }
  // No local midnight on that date: step forward to the first minute that shows the date.
  while (toLocalWallClock(new Date(guess), timeZone).date < date) guess += 15 * MS_PER_MINUTE;
  return new Date(guess);
}
