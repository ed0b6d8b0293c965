import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Sql } from '../database/database';
import { LockPiece, SqlParams, SqlPiece } from '../database/sql-params';
import { canonicalBody, hashOfCanonical, toChainedEvent } from './event-hash';
import { EVENT_RECORD_COLUMNS, eventRecord, EventRecord, eventRecords } from './event-records';
import { FEED_START, FeedCursor, NewEvent, StoredEvent, StreamHead, StreamRef } from './event.types';
import { StreamVersionConflictError } from './stream-version-conflict.error';

const EVENT_COLUMNS = `organization_id, position, transaction_id::text AS transaction_id, stream_id, stream_version,
  event_id, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash`;

/** The events to insert, as one JSON array (event-records.ts): one parameter whatever the number of events. */
const insertEvents = (eventsParam: string) => `INSERT INTO events (organization_id, stream_id, stream_version, event_id, type, schema_version,
    data, metadata, occurred_at, prev_hash, hash)
  SELECT s.organization_id, s.stream_id, e.stream_version, e.event_id, e.type, e.schema_version,
    e.data, e.metadata, e.occurred_at, e.prev_hash, e.hash
  FROM s CROSS JOIN json_to_recordset(${eventsParam}::json) AS e(${EVENT_RECORD_COLUMNS})
  ORDER BY e.stream_version
  RETURNING position, transaction_id::text AS transaction_id, recorded_at`;

/**
 * Moves the stream row from the expected head to the new one, or creates it for a new stream:
 * exactly one writer succeeds, the others find zero rows (a conflict).
 */
function moveStreamHead(p: SqlParams, stream: StreamRef, expected: StreamHead, last: { streamVersion: number; hash: string }, onlyIf: string): string {
  const [org, id, version, hash] = [p.add(stream.organizationId), p.add(stream.streamId), p.add(last.streamVersion), p.add(last.hash)];
  if (expected.version === 0) {
    return `INSERT INTO event_streams (organization_id, stream_id, stream_type, version, last_hash)
      SELECT ${org}, ${id}, ${p.add(stream.streamType)}, ${version}, ${hash} WHERE ${onlyIf}
      ON CONFLICT DO NOTHING RETURNING organization_id, stream_id`;
  }
  return `UPDATE event_streams SET version = ${version}, last_hash = ${hash}
    WHERE organization_id = ${org} AND stream_id = ${id} AND version = ${p.add(expected.version)}
      AND last_hash IS NOT DISTINCT FROM ${p.add(expected.lastHash)} AND ${onlyIf}
    RETURNING organization_id, stream_id`;
}

function toStoredEvent(row: any): StoredEvent {
  return { ...toChainedEvent(row), data: row.data, metadata: row.metadata, position: Number(row.position), transactionId: row.transaction_id, recordedAt: row.recorded_at };
}

/**
 * The append-only store of every change to a customer. Appends are guarded by the stream's
 * expected version (optimistic concurrency); each event's hash chains it to the previous one.
 * All methods take the Sql to run on, so a handler appends inside its own transaction.
 */
@Injectable()
export class EventStore {
  /**
   * Appends events after `expected`; throws StreamVersionConflictError if the stream has moved.
   * `alongside`: statements that must happen with the append and only with it (moving the
   * projection, storing the outcome for retries), run in the same SQL statement: one round trip.
   * `lockFirst`: a SELECT … FOR UPDATE run before the stream row is touched (the head moves only
   * if it returns a row), for a caller outside a transaction that must take its locks in the same
   * order as every other writer.
   */
  async append(tx: Sql, stream: StreamRef, expected: StreamHead, events: NewEvent[], alongside: SqlPiece[] = [], lockFirst?: LockPiece): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const proposed = this.chain(stream, expected, events);
    const p = new SqlParams();
    const first = lockFirst ? `first AS (${lockFirst(p)}), ` : '';
    const head = moveStreamHead(p, stream, expected, proposed[proposed.length - 1].event, lockFirst ? 'EXISTS (SELECT 1 FROM first)' : 'true');
    const pieces = alongside.map((piece, i) => `, alongside_${i} AS (${piece(p, 'EXISTS (SELECT 1 FROM s)')})`).join('');
    const text = `WITH ${first}s AS (${head})${pieces} ${insertEvents(p.add(eventRecords(proposed.map((e) => eventRecord(e.record)))))}`;
    const { rows } = await tx.query(text, p.values);
    if (rows.length !== proposed.length) throw new StreamVersionConflictError(stream.streamId, expected.version);
    return proposed.map(({ event }, i) => ({
      ...event,
      position: Number(rows[i].position),
      transactionId: rows[i].transaction_id,
      recordedAt: rows[i].recorded_at,
    }));
  }

  async readStreamHead(sql: Sql, organizationId: string, streamId: string): Promise<StreamHead> {
    const { rows } = await sql.query('SELECT version, last_hash FROM event_streams WHERE organization_id = $1 AND stream_id = $2', [organizationId, streamId]);
    return rows.length ? { version: rows[0].version, lastHash: rows[0].last_hash } : { version: 0, lastHash: null };
  }

  async readStream(sql: Sql, organizationId: string, streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    const { rows } = await sql.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE organization_id = $1 AND stream_id = $2 AND stream_version >= $3 ORDER BY stream_version`,
      [organizationId, streamId, fromVersion],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Reads the feed in commit-safe order. Only events of transactions older than every transaction
   * still running are returned, ordered by (transaction id, position): an event that commits late
   * with a lower position is never skipped, because the reader stops before its transaction.
   */
  async readFeed(sql: Sql, options: { after?: FeedCursor; limit: number; organizationId?: string }): Promise<{ events: StoredEvent[]; cursor: FeedCursor }> {
    const after = options.after ?? FEED_START;
    const params: unknown[] = [after.transactionId, after.position, options.limit];
    const byOrganization = options.organizationId ? 'AND organization_id = $4' : '';
    if (options.organizationId) params.push(options.organizationId);
    const { rows } = await sql.query(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         AND (transaction_id, position) > ($1::xid8, $2::bigint) ${byOrganization}
       ORDER BY transaction_id, position LIMIT $3`,
      params,
    );
    const events = rows.map(toStoredEvent);
    const last = events[events.length - 1];
    return { events, cursor: last ? { transactionId: last.transactionId, position: last.position } : after };
  }

  /**
   * Gives each proposed event its version and its hash, chained from the stream's head, and its
   * record to insert, which stores the canonical text of data and metadata the hash was computed on.
   */
  private chain(stream: StreamRef, expected: StreamHead, events: NewEvent[]) {
    let prevHash = expected.lastHash;
    return events.map((event, i) => {
      const fields = {
        organizationId: stream.organizationId,
        streamId: stream.streamId,
        streamVersion: expected.version + i + 1,
        eventId: event.eventId ?? randomUUID(),
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        occurredAt: event.occurredAt ?? new Date(),
        data: event.data,
        metadata: event.metadata ?? {},
      };
      const body = canonicalBody(fields);
      const chained = { ...fields, prevHash, hash: hashOfCanonical(fields, body, prevHash) };
      prevHash = chained.hash;
      return { event: chained, record: { ...chained, body } satisfies EventRecord };
    });
  }
}
