/**
 * Reads PostgreSQL's binary COPY format (`COPY … TO STDOUT (FORMAT binary)`): a header, then one
 * tuple per CopyData message (a field count, then each field as a length and its bytes, -1 for
 * NULL), then a trailer of -1. Fields are located, not decoded: the caller reads the bytes it needs.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (int32) and header extension length (int32). */
const HEADER_LENGTH = SIGNATURE.length + 8;
const MAX_FIELDS = 64;

export class BinaryCopyTuples {
  /** Where each field of the current tuple starts in `bytes`, and its length (-1: NULL). */
  readonly start = new Int32Array(MAX_FIELDS);
  readonly length = new Int32Array(MAX_FIELDS);
  fields = 0;
  bytes: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private ended = false;

  /**
   * Locates the fields of the tuple in one CopyData message, message[at, end). Returns false for
   * the trailer. PostgreSQL sends the header with the first tuple, and each tuple in a message of
   * its own.
   */
  read(message: Buffer, at: number, end: number): boolean {
    if (!this.headerRead) {
      if (end - at < HEADER_LENGTH || !message.subarray(at, at + SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
      at += HEADER_LENGTH + message.readInt32BE(at + SIGNATURE.length + 4);
      this.headerRead = true;
    }
    if (this.ended) throw new Error('binary COPY data after its trailer');
    const fields = ((message[at] << 24) >> 16) | message[at + 1]; // a big-endian int16
    at += 2;
    if (fields === -1) {
      this.ended = true;
      return false;
    }
    if (fields < 0 || fields > MAX_FIELDS) throw new Error(`binary COPY tuple of ${fields} fields`);
    for (let f = 0; f < fields; f++) {
      const length = int32At(message, at);
      at += 4;
      this.start[f] = at;
      this.length[f] = length;
      if (length > 0) at += length;
    }
    if (at !== end) throw new Error('binary COPY message holds more than one tuple');
    this.fields = fields;
    this.bytes = message;
    return true;
  }

  /** Whether the whole stream, trailer included, was read. */
  get complete(): boolean {
    return this.ended;
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
}

/** A big-endian int32 (Buffer#readInt32BE checks its argument first: this runs a dozen times a row). */
function int32At(b: Buffer, at: number): number {
  return (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
