import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { BinaryCopyTuples } from './binary-copy';
import { ByteBuffer } from './byte-buffer';
import { CanonicalJsonCheck } from './canonical-json-check';
import { IsoTimestamps } from './iso-timestamp';
import { HASH_LENGTH, TalliedEvent } from './stream-tally';

/**
 * An event row as verify's fast path reads it (binary COPY of EVENT_ROW_COLUMNS): whether its
 * stored hash is the hash of its fields, recomputed from the bytes PostgreSQL sent, and what the
 * chain and the replay need: the event's data, decoded whole (the replay is `applyStoredEvent`,
 * the same as everywhere). Nothing else is allocated per row: the row is a view on the COPY
 * output, valid until the next row.
 *
 * The hashed text is built as `eventHash` defines it (docs/ledger.md): the RFC 8785 form of
 * { data, event_id, metadata, occurred_at, organization_id, prev_hash, schema_version,
 * stream_id, stream_version, type }, whose names are already in order here.
 */
export const EVENT_ROW_COLUMNS = 'organization_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash';
const ORGANIZATION_ID = 0;
const STREAM_ID = 1;
const STREAM_VERSION = 2;
const EVENT_ID = 3;
const TYPE = 4;
const SCHEMA_VERSION = 5;
const DATA = 6;
const METADATA = 7;
const OCCURRED_AT = 8;
const PREV_HASH = 9;
const HASH = 10;
const COLUMNS = 11;

const UUID_LENGTH = 16;
const UUID_TEXT_LENGTH = 36;
const QUOTE = 0x22;

const text = (s: string) => Buffer.from(s, 'latin1');
const OPEN_DATA = text('{"data":');
const EVENT_ID_NAME = text(',"event_id":"');
const METADATA_NAME = text('","metadata":');
const OCCURRED_AT_NAME = text(',"occurred_at":"');
const ORGANIZATION_ID_NAME = text('","organization_id":"');
const PREV_HASH_NAME = text('","prev_hash":');
const NULL = text('null');
const SCHEMA_VERSION_NAME = text(',"schema_version":');
const STREAM_ID_NAME = text(',"stream_id":"');
const STREAM_VERSION_NAME = text('","stream_version":');
const TYPE_NAME = text(',"type":');
const CLOSE = text('}');

const HEX = text('0123456789abcdef');
/** What a json field holds when its text is not JSON at all (a value JSON.parse cannot give). */
const NOT_JSON = Symbol('not JSON');

export class EventRowHasher implements TalliedEvent {
  // The current row, read by the tally (TalliedEvent) and by whoever finds its stream.
  bytes: Buffer = Buffer.alloc(0);
  organizationAt = 0;
  streamAt = 0;
  version = 0;
  schemaVersion = 0;
  type = '';
  hashOk = false;
  data: unknown = null;
  private prevHashAt = -1;
  private hashAt = 0;

  private readonly check = new CanonicalJsonCheck();
  private readonly out = new ByteBuffer();
  private readonly timestamps = new IsoTimestamps();
  private readonly organization = new RememberedUuid();
  private readonly types: Array<{ bytes: Buffer; text: string }> = [];

  /** Reads the current tuple of `tuples` (one event row). */
  read(tuples: BinaryCopyTuples): this {
    if (tuples.fields !== COLUMNS) throw new Error(`an event row has ${COLUMNS} columns, not ${tuples.fields}`);
    const src = (this.bytes = tuples.bytes);
    const start = tuples.start;
    this.organizationAt = start[ORGANIZATION_ID];
    this.streamAt = start[STREAM_ID];
    this.version = tuples.int32(STREAM_VERSION);
    this.schemaVersion = tuples.int32(SCHEMA_VERSION);
    this.type = this.typeOf(src, start[TYPE], tuples.end(TYPE));
    this.prevHashAt = tuples.isNull(PREV_HASH) ? -1 : start[PREV_HASH];
    this.hashAt = start[HASH];
    this.data = null;
    const hashesWellFormed = tuples.length[HASH] === HASH_LENGTH && (this.prevHashAt < 0 || tuples.length[PREV_HASH] === HASH_LENGTH);
    const canonical = hashesWellFormed && this.writeCanonical(tuples);
    this.hashOk = canonical && this.hashMatches(src, this.hashAt);
    return this;
  }

  follows(previous: Uint8Array | null): boolean {
    if (previous === null || this.prevHashAt < 0) return previous === null && this.prevHashAt < 0;
    return sameBytes(this.bytes, this.prevHashAt, previous, 0, HASH_LENGTH);
  }

  hashInto(target: Uint8Array): void {
    for (let k = 0; k < HASH_LENGTH; k++) target[k] = this.bytes[this.hashAt + k];
  }

  keep(): TalliedEvent {
    return new KeptEvent(this, this.hashAt, this.prevHashAt);
  }

  /** Whether the row's stream is the one whose key is at key[at, at + 32): organization id then stream id. */
  sameStream(key: Uint8Array, at: number): boolean {
    return sameBytes(this.bytes, this.streamAt, key, at + UUID_LENGTH, UUID_LENGTH) && sameBytes(this.bytes, this.organizationAt, key, at, UUID_LENGTH);
  }

  /** The row's organization and stream ids as PostgreSQL prints them (once per stream, not per row). */
  streamKey(): { organizationId: string; streamId: string } {
    return { organizationId: uuidText(this.bytes, this.organizationAt), streamId: uuidText(this.bytes, this.streamAt) };
  }

  /** The canonical text of the hashed fields into `out`; false when this path cannot vouch for it. */
  private writeCanonical(tuples: BinaryCopyTuples): boolean {
    const src = tuples.bytes;
    const start = tuples.start;
    const out = this.out;
    out.clear();
    const data = this.writeJson(tuples, DATA, OPEN_DATA, true);
    if (data === NOT_JSON) return false;
    this.data = data;
    out.appendAll(EVENT_ID_NAME);
    writeUuid(src, start[EVENT_ID], out);
    if (this.writeJson(tuples, METADATA, METADATA_NAME, false) === NOT_JSON) return false;
    out.appendAll(OCCURRED_AT_NAME);
    if (!this.timestamps.writeTimestamp(src, start[OCCURRED_AT], out)) return false;
    out.appendAll(ORGANIZATION_ID_NAME);
    this.organization.write(src, start[ORGANIZATION_ID], out);
    out.appendAll(PREV_HASH_NAME);
    if (this.prevHashAt < 0) out.appendAll(NULL);
    else if (!writeQuoted(src, this.prevHashAt, tuples.end(PREV_HASH), out)) return false;
    out.appendAll(SCHEMA_VERSION_NAME);
    writeInteger(this.schemaVersion, out);
    out.appendAll(STREAM_ID_NAME);
    writeUuid(src, start[STREAM_ID], out);
    out.appendAll(STREAM_VERSION_NAME);
    writeInteger(this.version, out);
    out.appendAll(TYPE_NAME);
    if (!writeQuoted(src, start[TYPE], tuples.end(TYPE), out)) return false;
    out.appendAll(CLOSE);
    return true;
  }

  /**
   * `name` then the canonical text of a json field (binary json is the stored text), and the
   * field's value when `decode`. The stored text as it is when the check finds it canonical (what
   * the event store writes); any other text (events stored before the json columns hold jsonb's
   * print) as `eventHash` writes its value: `canonicalize(JSON.parse(text))`, the reference's own
   * steps, so this path cannot disagree with it. NOT_JSON when the text is not JSON.
   */
  private writeJson(tuples: BinaryCopyTuples, field: number, name: Buffer, decode: boolean): unknown {
    const out = this.out;
    out.appendAll(name);
    const src = tuples.bytes;
    const start = tuples.start[field];
    const end = tuples.end(field);
    if (this.check.isCanonical(src, start, end)) {
      out.append(src, start, end);
      return decode ? parseJson(src.toString('utf8', start, end)) : true;
    }
    const value = parseJson(src.toString('utf8', start, end));
    if (value === NOT_JSON) return NOT_JSON;
    out.appendUtf8(canonicalize(value)!);
    return value;
  }

  /** SHA-256 of the canonical text, against the stored hash. (A hex digest costs less here than a Buffer one.) */
  private hashMatches(src: Buffer, at: number): boolean {
    const digest = hash('sha256', this.out.view(), 'hex');
    for (let k = 0; k < HASH_LENGTH; k++) if (src[at + k] !== digest.charCodeAt(k)) return false;
    return true;
  }

  /** The few event types recur: decoded once each. */
  private typeOf(src: Buffer, start: number, end: number): string {
    for (const type of this.types) if (type.bytes.length === end - start && sameBytes(src, start, type.bytes, 0, end - start)) return type.text;
    const text = src.toString('utf8', start, end);
    if (this.types.length < 16) this.types.push({ bytes: Buffer.from(src.subarray(start, end)), text });
    return text;
  }
}

/**
 * A row kept past the COPY output it was read from (an event ahead of its turn in its stream).
 * Its hashes are kept as strings: in the heap they die young with the event, where small buffers
 * would be memory outside it that a collection frees late.
 */
class KeptEvent implements TalliedEvent {
  readonly version: number;
  readonly schemaVersion: number;
  readonly type: string;
  readonly hashOk: boolean;
  readonly data: unknown;
  private readonly hash: string;
  private readonly prevHash: string | null;

  constructor(row: EventRowHasher, hashAt: number, prevHashAt: number) {
    this.version = row.version;
    this.schemaVersion = row.schemaVersion;
    this.type = row.type;
    this.hashOk = row.hashOk;
    this.data = row.data;
    this.hash = row.bytes.toString('latin1', hashAt, hashAt + HASH_LENGTH);
    this.prevHash = prevHashAt < 0 ? null : row.bytes.toString('latin1', prevHashAt, prevHashAt + HASH_LENGTH);
  }

  follows(previous: Uint8Array | null): boolean {
    const prevHash = this.prevHash;
    if (previous === null || prevHash === null) return previous === prevHash;
    for (let k = 0; k < HASH_LENGTH; k++) if (prevHash.charCodeAt(k) !== previous[k]) return false;
    return true;
  }

  hashInto(target: Uint8Array): void {
    for (let k = 0; k < HASH_LENGTH; k++) target[k] = this.hash.charCodeAt(k);
  }

  keep(): TalliedEvent {
    return this;
  }
}

/** A uuid as text, the last one's text kept: a partition's organization is the same row after row. */
class RememberedUuid {
  private readonly bytes = Buffer.alloc(UUID_LENGTH);
  private text: Buffer | null = null;

  write(src: Buffer, at: number, out: ByteBuffer): void {
    if (this.text === null || !sameBytes(src, at, this.bytes, 0, UUID_LENGTH)) {
      for (let k = 0; k < UUID_LENGTH; k++) this.bytes[k] = src[at + k];
      this.text = uuidBytesText(src, at);
    }
    out.appendAll(this.text);
  }
}

/** A json field's value, or NOT_JSON (a tampered row's text may be anything). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** A text field as a JSON string: as it is, when no byte of it needs escaping (checked as it is copied). */
function writeQuoted(src: Buffer, start: number, end: number, out: ByteBuffer): boolean {
  out.reserve(end - start + 2);
  const bytes = out.bytes;
  let at = out.length;
  bytes[at++] = QUOTE;
  for (let i = start; i < end; i++) {
    const c = src[i];
    if (c < 0x20 || c === QUOTE || c === 0x5c) return false;
    bytes[at++] = c;
  }
  bytes[at++] = QUOTE;
  out.length = at;
  return true;
}

/** The 16 bytes of a uuid as PostgreSQL prints it: lower-case hex, dashed. */
function writeUuid(src: Buffer, at: number, out: ByteBuffer): void {
  out.reserve(UUID_TEXT_LENGTH);
  const bytes = out.bytes;
  let p = out.length;
  for (let k = 0; k < UUID_LENGTH; k++) {
    if (k === 4 || k === 6 || k === 8 || k === 10) bytes[p++] = 0x2d;
    const b = src[at + k];
    bytes[p++] = HEX[b >> 4];
    bytes[p++] = HEX[b & 15];
  }
  out.length = p;
}

function uuidBytesText(src: Buffer, at: number): Buffer {
  const out = new ByteBuffer(UUID_TEXT_LENGTH);
  writeUuid(src, at, out);
  return out.view();
}

function uuidText(src: Buffer, at: number): string {
  return uuidBytesText(src, at).toString('latin1');
}

/** An int4 in decimal, as JSON.stringify writes it (digits written here: a string per event costs more). */
function writeInteger(value: number, out: ByteBuffer): void {
  if (value < 0) {
    out.push(0x2d);
    value = -value;
  }
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  out.reserve(digits);
  const bytes = out.bytes;
  for (let at = out.length + digits - 1; at >= out.length; at--, value = Math.floor(value / 10)) bytes[at] = 0x30 + (value % 10);
  out.length += digits;
}

/** Buffer#compare costs more per call than comparing these few bytes. */
function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}
