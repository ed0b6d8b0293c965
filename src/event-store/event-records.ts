import { CanonicalBody, HashedEventFields } from './event-hash';

/** An event ready to be inserted: chained, hashed, its data and metadata as the canonical text hashed. */
export interface EventRecord extends Omit<HashedEventFields, 'organizationId' | 'data' | 'metadata'> {
  body: CanonicalBody;
  prevHash: string | null;
  hash: string;
}

/** The columns of `json_to_recordset(eventRecords(…))`. */
export const EVENT_RECORD_COLUMNS = `stream_id uuid, stream_version int, event_id uuid, type text, schema_version int,
  data json, metadata json, occurred_at timestamptz, prev_hash text, hash text`;

/**
 * Events to insert as one JSON array of records (`eventRecord`): one parameter whatever their
 * number, read with `json_to_recordset(…) AS e(EVENT_RECORD_COLUMNS)`.
 */
export function eventRecords(records: string[]): string {
  return `[${records.join(',')}]`;
}

/**
 * One event as a record of that array. Its data and metadata are spliced in as their canonical
 * text (JSON.stringify would write its own member order), and json_to_recordset hands a json
 * member over as the text it is in the array: so the text stored is the text hashed.
 */
export function eventRecord(e: EventRecord): string {
  const scalars = JSON.stringify({
    stream_id: e.streamId,
    stream_version: e.streamVersion,
    event_id: e.eventId,
    type: e.type,
    schema_version: e.schemaVersion,
    occurred_at: e.occurredAt.toISOString(),
    prev_hash: e.prevHash,
    hash: e.hash,
  });
  return `${scalars.slice(0, -1)},"data":${e.body.data},"metadata":${e.body.metadata}}`;
}
