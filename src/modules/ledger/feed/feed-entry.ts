/**
 * One event as the auditor's feed and the export show it (docs/ledger.md). The first fields are
 * the ones an auditor reads; the rest, with `data`, `occurred_at` and `prev_hash`, are exactly the
 * inputs of `hash`, so each line can be checked without our code.
 */
export interface FeedEntry {
  /** The gap-free ledger position within the organization: 1, 2, 3, … */
  position: number;
  type: string;
  /** The customer's loyalty code (null only for a stream without a customer). */
  customer: string | null;
  data: unknown;
  occurred_at: string;
  recorded_at: string;
  hash: string;
  prev_hash: string | null;
  organization_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  schema_version: number;
  metadata: unknown;
}

export const FEED_COLUMNS = `l.ledger_position, e.type, c.loyalty_code, e.data, e.occurred_at, e.recorded_at, e.hash, e.prev_hash,
  e.organization_id, e.stream_id, e.stream_version, e.event_id, e.schema_version, e.metadata`;

export function toFeedEntry(row: any): FeedEntry {
  return {
    position: Number(row.ledger_position),
    type: row.type,
    customer: row.loyalty_code ?? null,
    data: row.data,
    occurred_at: (row.occurred_at as Date).toISOString(),
    recorded_at: (row.recorded_at as Date).toISOString(),
    hash: row.hash,
    prev_hash: row.prev_hash,
    organization_id: row.organization_id,
    stream_id: row.stream_id,
    stream_version: row.stream_version,
    event_id: row.event_id,
    schema_version: row.schema_version,
    metadata: row.metadata,
  };
}
