import { randomUUID } from 'node:crypto';
import { Sql } from '../../src/database/database';
import { AuditedEvent } from '../../src/modules/ledger/audit/stream-audit';
import { replayStored as replay } from '../../src/modules/customer-stream/stored-customer-event';
import { chainOf, StoredText, storedText } from '../../src/modules/ledger/audit/fast/event-rows.fixture';

export interface WriteOptions {
  /** The order the events are inserted in (as concurrent writers may store them); version order by default. */
  order?: number[];
  /** How data and metadata are stored: as the event store writes them (default), or as jsonb printed them. */
  as?: StoredText;
}

/**
 * A customer written behind the service's back, as the event store writes one: its events chained
 * and hashed, its stream head and projection row agreeing with them. Into json columns or, before
 * their migration, jsonb ones (the text then parsed as jsonb).
 */
export async function writeCustomer(
  sql: Sql,
  organizationId: string,
  bodies: Array<{ type: string; data: unknown }>,
  options: WriteOptions = {},
): Promise<AuditedEvent[]> {
  const events = chainOf(bodies, { organizationId, streamId: randomUUID() });
  const last = events[events.length - 1];
  const state = replay(events);
  const as = options.as ?? 'canonical';
  await sql.query('BEGIN');
  await sql.query(`INSERT INTO event_streams (organization_id, stream_id, stream_type, version, last_hash) VALUES ($1, $2, 'customer', $3, $4)`, [
    organizationId,
    last.streamId,
    last.streamVersion,
    last.hash,
  ]);
  for (const i of options.order ?? events.map((_, i) => i)) {
    const e = events[i];
    await sql.query(
      `INSERT INTO events (organization_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8::json, $9, $10, $11)`,
      [
        e.organizationId,
        e.streamId,
        e.streamVersion,
        e.eventId,
        e.type,
        e.schemaVersion,
        storedText(e.data, as),
        storedText(e.metadata, as),
        e.occurredAt,
        e.prevHash,
        e.hash,
      ],
    );
  }
  await sql.query(
    `INSERT INTO customer_accounts (organization_id, id, loyalty_code, name, points_balance, lifetime_points, lots, version) VALUES ($1, $2, $3, 'Test', $4, $5, $6::jsonb, $7)`,
    [organizationId, last.streamId, state.loyaltyCode, state.pointsBalance, state.lifetimePoints, JSON.stringify(state.lots ?? []), state.version],
  );
  await sql.query('COMMIT');
  return events;
}
