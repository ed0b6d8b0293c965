import sql, { empty, join, raw, Sql } from 'sql-template-tag';
import { ChainedEvent } from './event-chain';
import { EVENT_RECORD_COLUMNS, eventRecords } from './event-records';
import { StreamHead, StreamRef } from './event.types';

/**
 * What a writer adds to an append, in the same statement (one round trip, all or nothing):
 * - `guard`: a query run first; the stream head moves only if it returns a row (a lock to take
 *   before the stream row, a key that must still be active, the projection row of a new stream);
 * - `alongside`: named data-modifying CTEs that must happen with the append and only with it; each
 *   must test `EXISTS (SELECT 1 FROM head)`, true only when the head moved.
 */
export interface AppendParts {
  guard?: Sql;
  alongside?: Record<string, Sql>;
}

/**
 * One statement that moves the stream's head from `expected` to the last of `events` (or creates
 * the stream when `expected` is version 0), and inserts the events only if that worked. Exactly
 * one of several concurrent writers from the same head succeeds; the others get no rows back.
 */
export function appendStatement(stream: StreamRef, expected: StreamHead, events: readonly ChainedEvent[], parts: AppendParts = {}): Sql {
  const last = events[events.length - 1];
  const { organizationId: org, streamId: id } = stream;
  const head =
    expected.version === 0
      ? sql`INSERT INTO event_streams (organization_id, stream_id, stream_type, version, last_hash)
          SELECT ${org}::uuid, ${id}::uuid, ${stream.streamType}, ${last.streamVersion}, ${last.hash} WHERE EXISTS (SELECT 1 FROM guard)
          ON CONFLICT DO NOTHING RETURNING organization_id, stream_id`
      : sql`UPDATE event_streams SET version = ${last.streamVersion}, last_hash = ${last.hash}
          WHERE organization_id = ${org} AND stream_id = ${id} AND version = ${expected.version}
            AND last_hash IS NOT DISTINCT FROM ${expected.lastHash} AND EXISTS (SELECT 1 FROM guard)
          RETURNING organization_id, stream_id`;
  const alongside = Object.entries(parts.alongside ?? {}).map(([name, cte]) => sql`, ${raw(name)} AS (${cte})`);
  return sql`WITH guard AS (${parts.guard ?? sql`SELECT 1`}),
    head AS (${head})
    ${alongside.length ? join(alongside, '') : empty}
    INSERT INTO events (organization_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
    SELECT head.organization_id, head.stream_id, e.stream_version, e.event_id, e.type, e.schema_version, e.data, e.metadata, e.occurred_at, e.prev_hash, e.hash
    FROM head CROSS JOIN json_to_recordset(${eventRecords(events.map((e) => e.record))}::json) AS e(${raw(EVENT_RECORD_COLUMNS)})
    ORDER BY e.stream_version
    RETURNING position, transaction_id::text AS transaction_id, recorded_at`;
}
