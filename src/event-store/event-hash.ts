import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The fields an event's hash covers; see docs/ledger.md for the specification auditors follow. */
export interface HashedEventFields {
  organizationId: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: Date;
  data: unknown;
  metadata: unknown;
}

/**
 * An event's `data` and `metadata` as RFC 8785 canonical JSON text: what the hash covers of them,
 * and what the event store keeps, byte for byte (json columns), so that verify can hash the stored
 * text as it is.
 */
export interface CanonicalBody {
  data: string;
  metadata: string;
}

export function canonicalBody(event: Pick<HashedEventFields, 'data' | 'metadata'>): CanonicalBody {
  return { data: canonical(event.data), metadata: canonical(event.metadata) };
}

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of the event's fields and the previous hash of its
 * stream (null for the first event), so changing, removing or reordering any event of a stream
 * breaks every hash after it.
 */
export function eventHash(event: HashedEventFields, prevHash: string | null): string {
  return hashOfCanonical(event, canonicalBody(event), prevHash);
}

/** `eventHash`, given the canonical text of the event's data and metadata (computed once, also stored). */
export function hashOfCanonical(event: HashedEventFields, body: CanonicalBody, prevHash: string | null): string {
  return hash('sha256', hashedText(event, body, prevHash), 'hex');
}

/**
 * The canonical text of the hashed object, put together from the canonical texts of its members:
 * an object's canonical form is its members in name order, each name and value canonical, so this
 * is `canonicalize` of the whole object (event-hash.spec.ts holds it to that), without writing
 * `data` and `metadata` a second time.
 */
function hashedText(event: HashedEventFields, body: CanonicalBody, prevHash: string | null): string {
  return (
    `{"data":${body.data},"event_id":${canonical(event.eventId)},"metadata":${body.metadata}` +
    `,"occurred_at":${canonical(event.occurredAt.toISOString())},"organization_id":${canonical(event.organizationId)}` +
    `,"prev_hash":${canonical(prevHash)},"schema_version":${canonical(event.schemaVersion)},"stream_id":${canonical(event.streamId)}` +
    `,"stream_version":${canonical(event.streamVersion)},"type":${canonical(event.type)}}`
  );
}

/** RFC 8785 text of a value; undefined (which JSON cannot hold) is refused rather than hashed as nothing. */
function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('an event field has no JSON form');
  return flat(text);
}

/**
 * The same text, in one piece. canonicalize builds it by concatenation, which V8 keeps as a tree of
 * the parts until something reads the text by index: kept a while (the verify bench holds 20,000
 * events' texts per statement), such trees cost more to collect than to build; reading one
 * character joins them once.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** A stored event's hashed fields and its hashes, from a row of `events` (the columns' own names). */
export function toChainedEvent(row: any): HashedEventFields & { prevHash: string | null; hash: string } {
  return {
    organizationId: row.organization_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
