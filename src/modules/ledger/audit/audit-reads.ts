import { Sql } from '../../../database/database';
import { toChainedEvent } from '../../../event-store/event-hash';
import { StreamHead } from '../../../event-store/event.types';
import { parseDecimal4 } from '../../../kernel/decimal';
import { Tier } from '../../../kernel/tier';
import { AuditedEvent, ProjectedCustomer } from './stream-audit';
import type { CustomerState } from '../../customer-stream/customer-state';
import { soonestExpiry } from '../../customer-stream/lots';
import { EVENT_ROW_COLUMNS } from './fast/event-row-hasher';
import { keyRangeCondition, StreamKey, StreamRange } from './stream-range';

/** The reads (and the one write) of verify and rebuild, kept apart from their loops. */

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** A stream as stored: its head, and its customer's projection row if there is one. */
export interface StoredStream {
  organizationId: string;
  streamId: string;
  head: StreamHead;
  customer: ProjectedCustomer | null;
}

const AUDIT_EVENT_COLUMNS = 'organization_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash';

const toAuditedEvent = (row: any): AuditedEvent => toChainedEvent(row);

/** One stream's events after `afterVersion`, at most `limit` of them. */
export async function readStreamEvents(sql: Sql, organizationId: string, streamId: string, afterVersion: number, limit: number): Promise<AuditedEvent[]> {
  const { rows } = await sql.query(
    `SELECT ${AUDIT_EVENT_COLUMNS} FROM events WHERE organization_id = $1 AND stream_id = $2 AND stream_version > $3 ORDER BY stream_version LIMIT $4`,
    [organizationId, streamId, afterVersion, limit],
  );
  return rows.map(toAuditedEvent);
}

const STORED_STREAM_COLUMNS = `s.organization_id, s.stream_id, s.version, s.last_hash,
  c.loyalty_code, c.points_balance, c.lifetime_points, c.lots, c.next_expiry, c.version AS customer_version`;

function toStoredStream(row: any): StoredStream {
  return {
    organizationId: row.organization_id,
    streamId: row.stream_id,
    head: { version: row.version, lastHash: row.last_hash },
    customer:
      row.loyalty_code === null
        ? null
        : {
            loyaltyCode: row.loyalty_code,
            pointsBalance: Number(row.points_balance),
            lifetimePoints: Number(row.lifetime_points),
            version: row.customer_version,
            lots: row.lots,
            nextExpiry: row.next_expiry ? new Date(row.next_expiry).toISOString() : null,
          },
  };
}

/** The stored heads and projection rows of every stream in `range`. */
export async function readStoredStreamsIn(sql: Sql, range: StreamRange): Promise<StoredStream[]> {
  const { rows } = await sql.query(
    `SELECT ${STORED_STREAM_COLUMNS}
     FROM event_streams s LEFT JOIN customer_accounts c ON c.organization_id = s.organization_id AND c.id = s.stream_id
     WHERE ${keyRangeCondition(range, 's.organization_id', 's.stream_id')}`,
  );
  return rows.map(toStoredStream);
}

/**
 * COPY of the events of `range` in binary, in no particular order: with index scans off, the
 * plan reads the table in its physical order (a sequential or bitmap heap scan), where reading
 * it in stream order would fetch a page per event. The literals are uuids checked by the range.
 */
export function eventsCopyStatement(range: StreamRange): string {
  return `COPY (SELECT ${EVENT_ROW_COLUMNS} FROM events WHERE ${keyRangeCondition(range, 'organization_id', 'stream_id')}) TO STDOUT (FORMAT binary)`;
}

/**
 * Where to cut the streams (of one organization, or all) into about `parts` ranges of equal
 * weight, a stream weighing its head version (its event count) plus one: the first stream of
 * each range but the first, in key order.
 */
export async function readPartitionBounds(sql: Sql, parts: number, organizationId?: string): Promise<StreamKey[]> {
  const { rows } = await sql.query(
    `WITH weighted AS (
       SELECT organization_id, stream_id,
              sum(greatest(version, 0)::bigint + 1) OVER (ORDER BY organization_id, stream_id) AS upto,
              sum(greatest(version, 0)::bigint + 1) OVER () AS total
       FROM event_streams ${organizationId ? 'WHERE organization_id = $2' : ''}
     )
     SELECT DISTINCT ON (floor((upto - 1) / ceil(total::numeric / $1))) organization_id, stream_id
     FROM weighted ORDER BY floor((upto - 1) / ceil(total::numeric / $1)), upto`,
    organizationId ? [parts, organizationId] : [parts],
  );
  return rows.slice(1).map((r) => ({ organizationId: r.organization_id, streamId: r.stream_id }));
}

/** How many events the ledger (or an organization) holds, by its stream heads. */
export async function readLedgerEvents(sql: Sql, organizationId?: string): Promise<number> {
  const { rows } = await sql.query(
    `SELECT coalesce(sum(greatest(version, 0)::bigint), 0)::text AS weight FROM event_streams ${organizationId ? 'WHERE organization_id = $1' : ''}`,
    organizationId ? [organizationId] : [],
  );
  return Number(rows[0].weight);
}

/** An organization's tiers, to name the tier a customer's lifetime points reach. */
export async function readTiers(sql: Sql, organizationId: string): Promise<Tier[]> {
  const { rows } = await sql.query('SELECT name, min_lifetime_points, multiplier::text AS multiplier FROM tiers WHERE organization_id = $1', [organizationId]);
  return rows.map((r) => ({ name: r.name, minLifetimePoints: Number(r.min_lifetime_points), multiplier: parseDecimal4(r.multiplier) }));
}

/** The next customers after `after`, by key: what rebuild walks (without locking). */
export async function readCustomerKeys(sql: Sql, after: { organizationId: string; id: string }, limit: number, organizationId?: string) {
  const params: unknown[] = [after.organizationId, after.id, limit];
  if (organizationId) params.push(organizationId);
  const { rows } = await sql.query(
    `SELECT organization_id, id FROM customer_accounts
     WHERE (organization_id, id) > ($1::uuid, $2::uuid) ${organizationId ? 'AND organization_id = $4' : ''}
     ORDER BY organization_id, id LIMIT $3`,
    params,
  );
  return rows.map((r) => ({ organizationId: r.organization_id as string, id: r.id as string }));
}

/**
 * Locks a customer's projection row and stream row, as the write path does (`FOR UPDATE OF c, s`),
 * so awards and redemptions of this customer wait until the caller's transaction ends.
 */
export async function lockStoredStream(tx: Sql, organizationId: string, customerId: string): Promise<StoredStream | null> {
  const { rows } = await tx.query(
    `SELECT ${STORED_STREAM_COLUMNS}
     FROM customer_accounts c JOIN event_streams s ON s.organization_id = c.organization_id AND s.stream_id = c.id
     WHERE c.organization_id = $1 AND c.id = $2
     FOR UPDATE OF c, s`,
    [organizationId, customerId],
  );
  return rows.length ? toStoredStream(rows[0]) : null;
}

export async function writeProjection(tx: Sql, organizationId: string, customerId: string, state: CustomerState) {
  const lots = state.lots ?? [];
  await tx.query(
    `UPDATE customer_accounts SET points_balance = $3, lifetime_points = $4, version = $5, lots = $6::jsonb, next_expiry = $7::timestamptz, updated_at = now()
     WHERE organization_id = $1 AND id = $2`,
    [organizationId, customerId, state.pointsBalance, state.lifetimePoints, state.version, JSON.stringify(lots), soonestExpiry(lots)?.at ?? null],
  );
}
