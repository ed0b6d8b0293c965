import { EventRowHasher } from './event-row-hasher';
import { StreamTally } from './stream-tally';

interface Entry {
  /** Organization id then stream id, 32 bytes. */
  key: Buffer;
  tally: StreamTally;
  next: Entry | null;
}

/**
 * The tallies of a partition's streams, found by the raw bytes of the row's organization and stream
 * ids: a row costs a few integer reads and a byte comparison, not a key string.
 */
export class StreamTallies {
  private readonly buckets = new Map<number, Entry>();
  private readonly all: StreamTally[] = [];

  /** The tally of the current row's stream, made at its first event. */
  of(row: EventRowHasher): StreamTally {
    const hash = keyHash(row);
    const first = this.buckets.get(hash);
    for (let entry: Entry | null | undefined = first; entry; entry = entry.next) if (row.sameStream(entry.key, 0)) return entry.tally;
    const { organizationId, streamId } = row.streamKey();
    const key = Buffer.concat([row.bytes.subarray(row.organizationAt, row.organizationAt + 16), row.bytes.subarray(row.streamAt, row.streamAt + 16)]);
    const tally = new StreamTally(organizationId, streamId);
    this.buckets.set(hash, { key, tally, next: first ?? null });
    this.all.push(tally);
    return tally;
  }

  values(): readonly StreamTally[] {
    return this.all;
  }
}

/** Mixes the stream id's four words and two of the organization's (ids need not be random). */
function keyHash(row: EventRowHasher): number {
  const b = row.bytes;
  const s = row.streamAt;
  const o = row.organizationAt;
  let h = Math.imul(b.readInt32LE(s) ^ b.readInt32LE(o), 0x9e3779b1);
  h = Math.imul(h ^ b.readInt32LE(s + 4), 0x85ebca6b);
  h = Math.imul(h ^ b.readInt32LE(s + 8) ^ b.readInt32LE(o + 12), 0xc2b2ae35);
  // Small integers are kept unboxed as Map keys.
  return (h ^ b.readInt32LE(s + 12)) & 0x3fffffff;
}
