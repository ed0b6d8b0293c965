import { createHash } from 'node:crypto';
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
 * SHA-256 (hex) of the RFC 8785 canonical JSON of the event's fields and the previous hash of its
 * stream (null for the first event), so changing, removing or reordering any event of a stream
 * breaks every hash after it.
 */
export function eventHash(event: HashedEventFields, prevHash: string | null): string {
  const canonical = canonicalize({
    prev_hash: prevHash,
    organization_id: event.organizationId,
    stream_id: event.streamId,
    stream_version: event.streamVersion,
    event_id: event.eventId,
    type: event.type,
    schema_version: event.schemaVersion,
    occurred_at: event.occurredAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  });
  return createHash('sha256').update(canonical!, 'utf8').digest('hex');
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
