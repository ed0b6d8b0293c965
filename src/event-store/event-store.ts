import { Injectable } from '@nestjs/common';
import { Sql } from '../database/database';
import { appendStatement } from './append-statement';
import { chainEvents } from './event-chain';
import { toChainedEvent } from './event-hash';
import { FEED_START, FeedCursor, NewEvent, StoredEvent, StreamHead, StreamRef } from './event.types';
import { StreamVersionConflictError } from './stream-version-conflict.error';

const EVENT_COLUMNS = `organization_id, position, transaction_id::text AS transaction_id, stream_id, stream_version,
  event_id, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash`;

function toStoredEvent(row: any): StoredEvent {
  return {
    ...toChainedEvent(row),
    data: row.data,
    metadata: row.metadata,
    position: Number(row.position),
    transactionId: row.transaction_id,
    recordedAt: row.recorded_at,
  };
}

/**
 * The append-only store of every change to a customer. Appends are guarded by the stream's
 * expected version (optimistic concurrency); each event's hash chains it to the previous one.
 * All methods take the Sql to run on, so a handler appends inside its own transaction.
 */
@Injectable()
export class EventStore {
  /**
   * Appends events after `expected`, one statement (append-statement.ts); throws
   * StreamVersionConflictError if the stream has moved. Writers that must change more with the
   * append (the customer stream's projection and outcome) build their statement from
   * `appendStatement` themselves.
   */
  async append(tx: Sql, stream: StreamRef, expected: StreamHead, events: NewEvent[]): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const chained = chainEvents(stream, expected, events);
    const statement = appendStatement(stream, expected, chained);
    const { rows } = await tx.query(statement.text, statement.values);
    if (rows.length !== chained.length) throw new StreamVersionConflictError(stream.streamId, expected.version);
    return chained.map(({ record: _, ...event }, i) => ({
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
}
