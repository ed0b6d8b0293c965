import { ByteBuffer } from './byte-buffer';

/** PostgreSQL counts from 2000-01-01 UTC. */
const EPOCH_2000_MS = 946_684_800_000;
const MS_PER_DAY = 86_400_000;
/** Beyond ±2^53 µs (years ~1715 to ~2285) a double no longer holds every microsecond: declined. */
const MAX_HIGH_WORD = 2 ** 21;
const ISO_LENGTH = 24;
const DATE_LENGTH = 11;

/**
 * Binary timestamptz values (µs since 2000-01-01 UTC, int64 big-endian) appended as
 * `Date#toISOString` writes the instant node-postgres reads from them: `YYYY-MM-DDTHH:MM:SS.sssZ`,
 * the microseconds beyond the millisecond dropped. Without a Date or a string per event. The
 * date of the last day written is kept: a ledger's events come in time order, a day's together.
 */
export class IsoTimestamps {
  private day = Number.NaN;
  /** `YYYY-MM-DDT` of `day`. */
  private readonly date = Buffer.alloc(DATE_LENGTH);

  /** The timestamp at src[at, at + 8); false when it declines (beyond what a double holds to the µs). */
  writeTimestamp(src: Buffer, at: number, out: ByteBuffer): boolean {
    const high = src.readInt32BE(at);
    if (high >= MAX_HIGH_WORD || high < -MAX_HIGH_WORD) return false;
    const micros = high * 4294967296 + src.readUInt32BE(at + 4);
    // Exact integer arithmetic: floor division by 1000 in doubles could round up near 2^53.
    const remainder = ((micros % 1000) + 1000) % 1000;
    this.writeIso((micros - remainder) / 1000 + EPOCH_2000_MS, out);
    return true;
  }

  /** `ms` (since 1970, for years 0 to 9999) as `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  writeIso(ms: number, out: ByteBuffer): void {
    const day = Math.floor(ms / MS_PER_DAY);
    if (day !== this.day) {
      writeDate(day, this.date, 0);
      this.day = day;
    }
    let rest = ms - day * MS_PER_DAY;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    const millis = rest - seconds * 1000;

    out.reserve(ISO_LENGTH);
    const b = out.bytes;
    b.set(this.date, out.length);
    let p = out.length + DATE_LENGTH;
    p = field(b, p, hours, 2, 0x3a); // :
    p = field(b, p, minutes, 2, 0x3a); // :
    p = field(b, p, seconds, 2, 0x2e); // .
    out.length = field(b, p, millis, 3, 0x5a); // Z
  }
}

/** The civil date of day number `days` (since 1970) as `YYYY-MM-DDT`, by H. Hinnant's algorithm. */
function writeDate(days: number, b: Buffer, at: number): void {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  let p = field(b, at, year, 4, 0x2d); // -
  p = field(b, p, month, 2, 0x2d); // -
  field(b, p, day, 2, 0x54); // T
}

/** `value` in `width` decimal digits, zero-padded, then the byte `after`; returns where the next field goes. */
function field(b: Buffer, at: number, value: number, width: number, after: number): number {
  for (let i = at + width - 1; i >= at; i--) {
    b[i] = 0x30 + (value % 10);
    value = Math.floor(value / 10);
  }
  b[at + width] = after;
  return at + width + 1;
}
