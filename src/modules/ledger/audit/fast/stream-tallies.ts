import { EventRowHasher } from './event-row-hasher';
import { HASH_LENGTH, StreamTally } from './stream-tally';

/** Organization id then stream id. */
const KEY_LENGTH = 32;
/** Tallies whose last hashes share one block of memory. */
const HASHES_PER_BLOCK = 1024;

/**
 * The tallies of a partition's streams, found by the raw bytes of the row's organization and stream
 * ids in an open-addressing table: a row costs a few integer reads and a byte comparison, not a key
 * string and a Map lookup.
 */
export class StreamTallies {
  private readonly all: StreamTally[] = [];
  /** The keys of `all`, KEY_LENGTH bytes each, in the same order. */
  private keys = Buffer.alloc(KEY_LENGTH * 1024);
  /** Slots holding an index into `all` plus one (0: empty); twice as many as tallies at least. */
  private slots = new Int32Array(4096);
  /** The block the next tallies keep their last hash in (never moved: tallies hold slices of it). */
  private hashes = new Uint8Array(HASH_LENGTH * HASHES_PER_BLOCK);

  /** The tally of the current row's stream, made at its first event. */
  of(row: EventRowHasher): StreamTally {
    const mask = this.slots.length - 1;
    for (let slot = keyHash(row) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === 0) return this.add(row, slot);
      if (row.sameStream(this.keys, (held - 1) * KEY_LENGTH)) return this.all[held - 1];
    }
  }

  values(): readonly StreamTally[] {
    return this.all;
  }

  private add(row: EventRowHasher, slot: number): StreamTally {
    const { organizationId, streamId } = row.streamKey();
    const index = this.all.length;
    if (index % HASHES_PER_BLOCK === 0 && index > 0) this.hashes = new Uint8Array(HASH_LENGTH * HASHES_PER_BLOCK);
    const at = (index % HASHES_PER_BLOCK) * HASH_LENGTH;
    const tally = new StreamTally(organizationId, streamId, this.hashes.subarray(at, at + HASH_LENGTH));
    if ((index + 1) * KEY_LENGTH > this.keys.length) this.keys = Buffer.concat([this.keys, Buffer.alloc(this.keys.length)]);
    row.bytes.copy(this.keys, index * KEY_LENGTH, row.organizationAt, row.organizationAt + 16);
    row.bytes.copy(this.keys, index * KEY_LENGTH + 16, row.streamAt, row.streamAt + 16);
    this.all.push(tally);
    this.slots[slot] = index + 1;
    if (this.all.length * 2 > this.slots.length) this.rehash();
    return tally;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.all.length; index++) {
      let slot = hashAt(this.keys, index * KEY_LENGTH + 16, index * KEY_LENGTH) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}

function keyHash(row: EventRowHasher): number {
  return hashAt(row.bytes, row.streamAt, row.organizationAt);
}

/** Mixes the stream id's four words and two of the organization's (ids need not be random). */
function hashAt(b: Buffer, stream: number, organization: number): number {
  let h = Math.imul(word(b, stream) ^ word(b, organization), 0x9e3779b1);
  h = Math.imul(h ^ word(b, stream + 4), 0x85ebca6b);
  h = Math.imul(h ^ word(b, stream + 8) ^ word(b, organization + 12), 0xc2b2ae35);
  h ^= word(b, stream + 12);
  return h ^ (h >>> 15);
}

/** Four bytes as an int32 (Buffer#readInt32LE checks its argument first: this is per row). */
function word(b: Buffer, at: number): number {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
}
