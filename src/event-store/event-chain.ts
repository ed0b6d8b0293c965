import { randomUUID } from 'node:crypto';
import { canonicalBody, HashedEventFields, hashOfCanonical } from './event-hash';
import { eventRecord } from './event-records';
import { NewEvent, StreamHead, StreamRef } from './event.types';

/** An event with its place in its stream and its hash, as it will be stored. */
export interface ChainedEvent extends HashedEventFields {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
  /** The row to insert (event-records.ts): data and metadata as the canonical text that was hashed. */
  record: string;
}

/**
 * Gives each proposed event its version and its hash, chained from the stream's head. Pure but for
 * the clock and random ids of events that bring none: the hash needs no global lock, only the
 * stream's head, which the append then moves only from `head`.
 */
export function chainEvents(stream: StreamRef, head: StreamHead, events: readonly NewEvent[], now: Date = new Date()): ChainedEvent[] {
  let prevHash = head.lastHash;
  return events.map((event, i) => {
    const fields = {
      organizationId: stream.organizationId,
      streamId: stream.streamId,
      streamVersion: head.version + i + 1,
      eventId: event.eventId ?? randomUUID(),
      type: event.type,
      schemaVersion: event.schemaVersion ?? 1,
      occurredAt: event.occurredAt ?? now,
      data: event.data,
      metadata: event.metadata ?? {},
    };
    const body = canonicalBody(fields);
    const hash = hashOfCanonical(fields, body, prevHash);
    const chained = { ...fields, prevHash, hash, record: eventRecord({ ...fields, prevHash, hash, body }) };
    prevHash = hash;
    return chained;
  });
}
