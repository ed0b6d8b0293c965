import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { eventHash, HashedEventFields } from '../../../../event-store/event-hash';
import { AuditedEvent } from '../stream-audit';

/**
 * Event rows as PostgreSQL sends them to verify (binary COPY), their data and metadata stored as
 * the event store writes them (canonical text) or as events stored before the json columns hold
 * them (jsonb's print): what the fast path's tests feed it without a database.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Names without escapes or characters outside ASCII: all the service writes. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the names must not hold
export const plainName = fc.string({ unit: 'grapheme-ascii', maxLength: 12 }).filter((n) => !/["\\\x00-\x1f]/.test(n));

/** JSON values with strings from `unit` and names from `names`. */
export const json = (unit: 'grapheme' | 'binary' | 'grapheme-ascii', names: fc.Arbitrary<string> = fc.string({ unit, maxLength: 12 })) =>
  fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ unit }),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(names, tie('value'), { maxKeys: 8 }),
    ),
  })).value;

/** A value as jsonb_out prints it: names by length then bytes, ", " and ": ", numbers without exponent. */
export function jsonbText(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const names = Object.keys(value).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${names.map((n) => `${JSON.stringify(n)}: ${jsonbText(value[n])}`).join(', ')}}`;
  }
  if (typeof value === 'number') return plainDecimal(value);
  return JSON.stringify(value);
}

/** A number as numeric_out writes it: all digits, no exponent (1e21 is 1000000000000000000000). */
export function plainDecimal(n: number): string {
  const text = String(Math.abs(n));
  const sign = n < 0 ? '-' : '';
  const match = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return sign + text;
  const digits = match[1] + (match[2] ?? '');
  const exponent = Number(match[3]);
  if (exponent >= 0) return sign + digits.padEnd(exponent + 1, '0');
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

const PG_EPOCH_MS = 946_684_800_000;

/** How a row's data and metadata are stored: as the event store writes them, or as jsonb printed them. */
export type StoredText = 'canonical' | 'jsonb print';

/** The stored text of a json column holding `value`. */
export function storedText(value: unknown, as: StoredText): string {
  return as === 'canonical' ? canonicalize(value)! : jsonbText(value as Json);
}

/** Binary COPY fields, in EVENT_ROW_COLUMNS order, for an event (extra microseconds beyond its millisecond allowed). */
export function eventRowFields(event: AuditedEvent, extraMicros = 0, as: StoredText = 'canonical'): Array<Buffer | null> {
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigInt64BE(BigInt(event.occurredAt.getTime() - PG_EPOCH_MS) * 1000n + BigInt(extraMicros));
  // Binary json is the stored text itself.
  const json = (value: unknown) => Buffer.from(storedText(value, as));
  return [
    uuidBytes(event.organizationId),
    uuidBytes(event.streamId),
    int32(event.streamVersion),
    uuidBytes(event.eventId),
    Buffer.from(event.type),
    int32(event.schemaVersion),
    json(event.data),
    json(event.metadata),
    timestamp,
    event.prevHash === null ? null : Buffer.from(event.prevHash),
    Buffer.from(event.hash),
  ];
}

/** One CopyData message of a binary COPY: the tuple's fields, after the file header when `first`. */
export function copyTuple(fields: Array<Buffer | null>, first = false): Buffer {
  const parts: Buffer[] = [];
  if (first) parts.push(Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8));
  const count = Buffer.alloc(2);
  count.writeInt16BE(fields.length);
  parts.push(count);
  for (const field of fields) {
    const length = Buffer.alloc(4);
    length.writeInt32BE(field === null ? -1 : field.length);
    parts.push(length, ...(field ? [field] : []));
  }
  return Buffer.concat(parts);
}

/** The COPY trailer. */
export const COPY_TRAILER = Buffer.from([0xff, 0xff]);

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** A chain of events of one stream, hashed as the event store hashes them. */
export function chainOf(
  bodies: Array<{ type: string; data: unknown; metadata?: unknown }>,
  ids: { organizationId: string; streamId: string } = { organizationId: randomUUID(), streamId: randomUUID() },
): AuditedEvent[] {
  let prevHash: string | null = null;
  return bodies.map((body, i) => {
    const fields: HashedEventFields = {
      ...ids,
      streamVersion: i + 1,
      eventId: randomUUID(),
      type: body.type,
      schemaVersion: 1,
      occurredAt: new Date(Date.UTC(2026, 10, 25, 14, 30, i, 123)),
      data: body.data,
      metadata: body.metadata ?? { request_id: randomUUID() },
    };
    const event = { ...fields, prevHash, hash: eventHash(fields, prevHash) };
    prevHash = event.hash;
    return event;
  });
}
