/**
 * Parsing and validation of the wall-clock values an admin configures:
 * 'HH:MM' times, 'YYYY-MM-DD' dates and IANA time zones.
 * Validators use the is* helpers; the policy uses the parsers, which throw on
 * corrupt stored configuration rather than silently granting a bonus.
 */

const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export const MINUTES_PER_DAY = 24 * 60;

/** 'HH:MM' from 00:00 to 23:59, two digits each. */
export function isValidClockTime(value: unknown): value is string {
  return typeof value === 'string' && CLOCK_TIME_PATTERN.test(value);
}

/** Minutes since local midnight for an 'HH:MM' time. */
export function clockTimeToMinutes(value: string): number {
  const match = CLOCK_TIME_PATTERN.exec(value);
  if (match === null) {
    throw new RangeError(`Invalid clock time "${value}", expected HH:MM`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/** 'YYYY-MM-DD' naming a real calendar date (2026-02-29 is rejected). */
export function isValidIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  const match = ISO_DATE_PATTERN.exec(value);
  if (match === null) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC rolls 02-30 over to March; a real date survives the round trip.
  // setUTCFullYear avoids Date.UTC's mapping of years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function assertIsoDate(value: string, label: string): void {
  if (!isValidIsoDate(value)) {
    throw new RangeError(`${label} "${value}" is not a valid YYYY-MM-DD date`);
  }
}

/** True for zones the runtime's Intl knows (IANA names such as "Europe/Paris"). */
export function isValidTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
