/**
 * ISO 8601 instants as the APIs take them: a date, a time and an explicit offset
 * (`2026-11-25T14:30:00Z`, `2026-11-24T18:30:00.250+01:00`). A time without a zone would be
 * ambiguous, and an impossible calendar value is refused rather than rolled over the way
 * `new Date()` does (`2026-11-31` would silently become 1 December, `2026-02-30` 2 March).
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;

/** The instant a text names, or undefined when it is not a real ISO 8601 date-time with a zone. */
export function parseInstant(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const [offsetHours, offsetMinutes] = m[8] === 'Z' ? [0, 0] : [Number(m[9]), Number(m[10])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
