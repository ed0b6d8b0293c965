import { Database } from '../../../database/database';
import { LineSink, writeJsonLine } from '../json-lines';
import { connectionSettingsOf, openLanes } from './verify-lanes';
import { Partition, planPartitions } from './verify-partitions';
import { addCounts, VerifyCounts, VerifyReport } from './verify-report';
import { Lane, laneCount, ThreadLane } from './verify-threads';

export interface VerifyOptions {
  organizationId?: string;
  /** Events per read when a stream is audited again by the reference code. */
  batchSize?: number;
  /** Connections (and worker threads) working at once; the machine's parallelism by default. */
  workers?: number;
  /** The most events in a partition, which is read in one snapshot. */
  partitionEvents?: number;
  /** Worker threads started ahead (by the CLI, while it opened the database): used first, or closed. */
  threads?: ThreadLane[];
}

export interface VerifySummary extends VerifyCounts {
  ok: boolean;
}

/** A partition is one snapshot and one statement: big enough to be cheap, small enough to stay short (a few seconds). */
const PARTITION_EVENTS = 500_000;

/**
 * `ledger verify`: cuts the ledger into partitions of whole streams (verify-partitions.ts) and
 * audits them side by side, each on a connection of its own, in worker threads
 * (partition-audit.ts). Writes each finding as a JSON line, in (organization, stream) order, then
 * `{ "summary": … }`. Memory holds a partition's streams (their state, not their events) per worker.
 */
export async function verifyLedger(database: Database, out: LineSink, options: VerifyOptions = {}): Promise<VerifySummary> {
  const workers = laneCount(options.workers);
  const partitions = await planPartitions(database, {
    organizationId: options.organizationId,
    workers,
    maxEvents: options.partitionEvents ?? PARTITION_EVENTS,
  });
  const lanes = await openLanes(
    Math.min(workers, partitions.length),
    { connection: connectionSettingsOf(database), batchSize: options.batchSize ?? 2000 },
    options.threads,
  );
  const counts: VerifyCounts = { streams: 0, events: 0, findings: 0, broken_chains: 0, customers_differing: 0 };
  try {
    await auditInOrder(partitions, lanes, async (report) => {
      addCounts(counts, report);
      for (const line of report.lines) await writeJsonLine(out, line);
    });
  } finally {
    await Promise.all(lanes.map((lane) => lane.close()));
  }
  const summary = { ok: counts.findings === 0, ...counts };
  await writeJsonLine(out, { summary });
  return summary;
}

/**
 * Each lane takes the next partition as soon as it is free; reports are handed on in partition
 * order (those done early wait), so the output is in key order whatever finishes first.
 */
async function auditInOrder(partitions: Partition[], lanes: Lane[], emit: (report: VerifyReport) => Promise<void>): Promise<void> {
  const done = new Map<number, VerifyReport>();
  let next = 0;
  let emitted = 0;
  let emitting = Promise.resolve();
  let failed = false;
  const flush = async () => {
    for (let report = done.get(emitted); report; report = done.get(emitted)) {
      done.delete(emitted++);
      await emit(report);
    }
  };
  await Promise.all(
    lanes.map(async (lane) => {
      while (!failed && next < partitions.length) {
        const partition = partitions[next++];
        try {
          done.set(partition.index, await lane.audit(partition));
        } catch (error) {
          failed = true;
          throw error;
        }
        emitting = emitting.then(flush);
        await emitting;
      }
    }),
  );
}
