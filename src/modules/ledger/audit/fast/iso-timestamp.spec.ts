import fc from 'fast-check';
import { ByteBuffer } from './byte-buffer';
import { IsoTimestamps } from './iso-timestamp';

const PG_EPOCH_MS = 946_684_800_000;

/** One writer for every test: its remembered day must never leak into another day's text. */
const timestamps = new IsoTimestamps();

function iso(ms: number): string {
  const out = new ByteBuffer(4);
  timestamps.writeIso(ms, out);
  return out.view().toString('latin1');
}

/** A binary timestamptz: microseconds since 2000-01-01 UTC. */
function timestamptz(micros: bigint): string | null {
  const src = Buffer.alloc(8);
  src.writeBigInt64BE(micros);
  const out = new ByteBuffer(4);
  return timestamps.writeTimestamp(src, 0, out) ? out.view().toString('latin1') : null;
}

describe('ISO timestamps without a Date', () => {
  it('writes what Date#toISOString writes, for years 0 to 9999', () => {
    // From 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => expect(iso(ms)).toBe(new Date(ms).toISOString())),
      { numRuns: 20_000 },
    );
    for (const ms of [0, -1, 951_782_400_000 /* 2000-02-29 */, 4_107_542_400_000 /* 2100-03-01 */]) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });

  it('writes instants of the same day and of days around it, in any order', () => {
    const day = Date.UTC(2026, 10, 25);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: day - 86_400_000, max: day + 2 * 86_400_000 - 1 }), { minLength: 2, maxLength: 20 }), (instants) => {
        for (const ms of instants) expect(iso(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('drops the microseconds beyond the millisecond, as node-postgres does, before and after 2000', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }), (micros) => {
        const floorMs = Number(micros >= 0n ? micros / 1000n : (micros - 999n) / 1000n);
        expect(timestamptz(micros)).toBe(new Date(floorMs + PG_EPOCH_MS).toISOString());
      }),
      { numRuns: 20_000 },
    );
    expect(timestamptz(-1n)).toBe('1999-12-31T23:59:59.999Z');
    expect(timestamptz(1_999n)).toBe('2000-01-01T00:00:00.001Z');
  });

  it('declines instants a double cannot hold to the microsecond (and infinity)', () => {
    expect(timestamptz(2n ** 53n + 1n)).toBeNull();
    expect(timestamptz(-(2n ** 53n) - 1n)).toBeNull();
    expect(timestamptz(2n ** 63n - 1n)).toBeNull();
    expect(timestamptz(-(2n ** 63n))).toBeNull();
  });
});
