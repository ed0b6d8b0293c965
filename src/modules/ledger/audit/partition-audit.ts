import type { Client } from 'pg';
import { Sql } from '../../../database/database';
import { Tier } from '../../../kernel/tier';
import { eventsCopyStatement, readStoredStreamsIn, readTiers, StoredStream } from './audit-reads';
import { auditStoredStream } from './audit-stored-stream';
import { copyEventRows } from './fast/copy-event-rows';
import { StreamTallies } from './fast/stream-tallies';
import { auditFindings } from './stream-audit';
import { StreamKey, streamKey } from './stream-range';
import { Partition } from './verify-partitions';
import { emptyReport, reportStream, VerifyReport } from './verify-report';

/**
 * Verifies one partition on its own connection, in one repeatable-read snapshot: the stored heads
 * and projection rows of its streams, then all their events (one COPY, in the table's physical
 * order, through the fast path), then, for any stream the fast path did not find sound, the
 * reference audit (`auditEvent` over its events read in version order). So every stream is judged
 * whole against the rows stored in the same snapshot as its events, and every finding comes from
 * the reference code.
 */
export async function auditPartition(client: Client, partition: Partition, batchSize: number): Promise<VerifyReport> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  try {
    const stored = new Map((await readStoredStreamsIn(client, partition)).map((s) => [streamKey(s), s]));
    const tallies = await tallyEvents(client, partition);
    const report = await judge(client, tallies, stored, batchSize);
    await client.query('COMMIT');
    return report;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Every event of the partition, through the fast path, into a tally per stream. */
async function tallyEvents(client: Client, partition: Partition): Promise<StreamTallies> {
  const tallies = new StreamTallies();
  // Rows stream as fast as they are hashed: a big partition is a long statement, not a big memory.
  await client.query('SET LOCAL enable_indexscan = off');
  await client.query('SET LOCAL statement_timeout = 0');
  // A scan joining one already under way would start mid-table: every stream's first events would
  // come last, and all the others would wait for them in memory.
  await client.query('SET LOCAL synchronize_seqscans = off');
  await copyEventRows(client, eventsCopyStatement(partition), (row) => tallies.of(row).add(row));
  await client.query('RESET enable_indexscan');
  await client.query('RESET statement_timeout');
  await client.query('RESET synchronize_seqscans');
  return tallies;
}

/**
 * Sound streams are judged against their stored rows here; the others (and stored streams with
 * no event at all) are audited again by the reference code, in key order.
 */
async function judge(sql: Sql, tallies: StreamTallies, stored: Map<string, StoredStream>, batchSize: number): Promise<VerifyReport> {
  const report = emptyReport();
  const tiers = new TiersByOrganization(sql);
  const recheck: StreamKey[] = [];
  const seen = new Set<string>();
  for (const tally of tallies.values()) {
    const key = streamKey(tally);
    seen.add(key);
    const audit = tally.finish();
    const rows = stored.get(key);
    if (audit && !auditFindings(audit, storedParts(rows), await tiers.of(audit.organizationId)).length) reportStream(report, audit, rows, []);
    else recheck.push(tally);
  }
  for (const [key, rows] of stored) if (!seen.has(key)) recheck.push(rows);
  recheck.sort((a, b) => (streamKey(a) < streamKey(b) ? -1 : 1));
  for (const key of recheck) {
    const rows = stored.get(streamKey(key));
    const audit = await auditStoredStream(sql, key, batchSize);
    reportStream(report, audit, rows, auditFindings(audit, storedParts(rows), await tiers.of(key.organizationId)));
  }
  return report;
}

function storedParts(rows: StoredStream | undefined) {
  return { head: rows?.head ?? null, customer: rows?.customer ?? null };
}

/** Each organization's tiers, read once per partition (in its snapshot). */
class TiersByOrganization {
  private readonly tiers = new Map<string, Tier[]>();

  constructor(private readonly sql: Sql) {}

  async of(organizationId: string): Promise<Tier[]> {
    let tiers = this.tiers.get(organizationId);
    if (!tiers) this.tiers.set(organizationId, (tiers = await readTiers(this.sql, organizationId)));
    return tiers;
  }
}
