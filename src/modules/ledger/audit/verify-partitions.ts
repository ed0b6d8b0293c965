import { Sql } from '../../../database/database';
import { readLedgerEvents, readPartitionBounds } from './audit-reads';
import { StreamRange } from './stream-range';

/** A part of verify's work: one range, audited in one snapshot. */
export interface Partition extends StreamRange {
  /** Its place in key order: findings are written in this order. */
  index: number;
}

/**
 * Cuts the ledger (or one organization's part of it) into ranges of whole streams, of about equal
 * numbers of events: a multiple of `workers` (so that none is left to finish the last one alone),
 * as few as keep each within `maxEvents`. The ranges cover every key between the first and the
 * last, so an event whose stream has no head still falls in one.
 */
export async function planPartitions(sql: Sql, options: { organizationId?: string; workers: number; maxEvents: number }): Promise<Partition[]> {
  const events = await readLedgerEvents(sql, options.organizationId);
  const workers = Math.max(1, options.workers);
  const parts = workers * Math.max(1, Math.ceil(events / (workers * options.maxEvents)));
  const bounds = parts > 1 ? await readPartitionBounds(sql, parts, options.organizationId) : [];
  const organizationId = options.organizationId;
  return [undefined, ...bounds].map((from, index) => ({ index, organizationId, from, to: bounds[index] }));
}
