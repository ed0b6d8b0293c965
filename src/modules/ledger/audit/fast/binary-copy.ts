/**
 * Reads PostgreSQL's binary COPY format (`COPY … TO STDOUT (FORMAT binary)`): a header, then tuples
 * (a field count, then each field as a length and its bytes, -1 for NULL), then a trailer of -1.
 * It is fed the output as a byte stream cut anywhere (the chunks pg-copy-streams gives: CopyData
 * payloads run together), and hands on each whole tuple. Fields are located, not decoded: the
 * caller reads the bytes it needs.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (int32) and header extension length (int32). */
const HEADER_LENGTH = SIGNATURE.length + 8;
const MAX_FIELDS = 64;
const EMPTY = Buffer.alloc(0);

export class BinaryCopyTuples {
  /** Where each field of the current tuple starts in `bytes`, and its length (-1: NULL). */
  readonly start = new Int32Array(MAX_FIELDS);
  readonly length = new Int32Array(MAX_FIELDS);
  fields = 0;
  bytes: Buffer = EMPTY;
  private headerRead = false;
  private ended = false;
  /** Chunks holding the start of a tuple that is not whole yet, and how many bytes they hold. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** How many bytes the pending tuple needs at least before it is worth looking at again. */
  private needed = 0;

  /**
   * Calls `onTuple` for each whole tuple in `chunk` (with what came before it), this object then
   * locating its fields; the start of a tuple cut off at the chunk's end waits for the next chunk.
   * Bytes are copied only for a tuple cut across chunks, only as many as it needs, and only once
   * they can make it whole: a row of many chunks (a big json field) is put together once.
   */
  write(chunk: Buffer, onTuple: (tuples: BinaryCopyTuples) => void): void {
    let at = 0;
    while (this.pendingBytes && at < chunk.length) at = this.completePending(chunk, at, onTuple);
    if (at < chunk.length) this.readAll(chunk, at, onTuple);
  }

  /** Whether the whole stream, trailer included, was read (and nothing is left over). */
  get complete(): boolean {
    return this.ended && this.pendingBytes === 0;
  }

  isNull(field: number): boolean {
    return this.length[field] < 0;
  }

  int32(field: number): number {
    return int32At(this.bytes, this.start[field]);
  }

  end(field: number): number {
    return this.start[field] + Math.max(this.length[field], 0);
  }

  /** Adds what the pending tuple still needs from chunk[at, …), reads it once it may be whole; returns where the rest of the chunk starts. */
  private completePending(chunk: Buffer, at: number, onTuple: (tuples: BinaryCopyTuples) => void): number {
    const take = Math.min(chunk.length - at, this.needed - this.pendingBytes);
    this.pending.push(chunk.subarray(at, at + take));
    this.pendingBytes += take;
    if (this.pendingBytes >= this.needed) {
      const joined = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      // The tuple (or the header), or, if its fields say it is longer still, its start kept again.
      this.readAll(joined, 0, onTuple);
    }
    return at + take;
  }

  /** Reads the tuples of chunk[at, …); keeps a tuple cut off at its end. */
  private readAll(chunk: Buffer, at: number, onTuple: (tuples: BinaryCopyTuples) => void): void {
    if (!this.headerRead) at = this.readHeader(chunk, at);
    while (at >= 0 && at < chunk.length) {
      if (this.ended) throw new Error('binary COPY data after its trailer');
      const end = this.locate(chunk, at);
      if (end < 0) break;
      if (this.fields >= 0) {
        this.bytes = chunk;
        onTuple(this);
      }
      at = end;
    }
    if (at >= 0 && at < chunk.length) this.keep(chunk.subarray(at));
  }

  /** Where the first tuple starts, or -1 (with `needed` set and the chunk kept) if the header is not all there yet. */
  private readHeader(chunk: Buffer, at: number): number {
    const available = chunk.length - at;
    this.needed = HEADER_LENGTH;
    if (available >= HEADER_LENGTH) {
      if (!chunk.subarray(at, at + SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
      this.needed = HEADER_LENGTH + chunk.readInt32BE(at + SIGNATURE.length + 4);
      if (available >= this.needed) {
        this.headerRead = true;
        return at + this.needed;
      }
    }
    this.keep(chunk.subarray(at));
    return -1;
  }

  /**
   * Locates the fields of the tuple at `at` (`fields` is -1 for the trailer); returns where the
   * next one starts, or -1 (with `needed` set) if the tuple goes on past the chunk.
   */
  private locate(chunk: Buffer, at: number): number {
    const from = at;
    if (chunk.length - at < 2) return this.cut(from, at + 2);
    const fields = ((chunk[at] << 24) >> 16) | chunk[at + 1]; // a big-endian int16
    at += 2;
    if (fields === -1) {
      this.ended = true;
      this.fields = -1;
      return at;
    }
    if (fields < 0 || fields > MAX_FIELDS) throw new Error(`binary COPY tuple of ${fields} fields`);
    for (let f = 0; f < fields; f++) {
      if (chunk.length - at < 4) return this.cut(from, at + 4);
      const length = int32At(chunk, at);
      at += 4;
      this.start[f] = at;
      this.length[f] = length;
      if (length > 0) at += length;
    }
    if (at > chunk.length) return this.cut(from, at);
    this.fields = fields;
    return at;
  }

  /** The tuple starting at `from` needs bytes up to `upTo` at least. */
  private cut(from: number, upTo: number): number {
    this.needed = upTo - from;
    return -1;
  }

  private keep(rest: Buffer): void {
    this.pending = [rest];
    this.pendingBytes = rest.length;
  }
}

/** A big-endian int32 (Buffer#readInt32BE checks its argument first: this runs a dozen times a row). */
function int32At(b: Buffer, at: number): number {
  return (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
