import { Sql } from '../../../database/database';
import { readLedgerWeight, readPartitionBounds } from './audit-reads';
import { StreamRange } from './stream-range';

/** A part of verify's work: one range, audited in one snapshot. */
export interface Partition extends StreamRange {
  /** Its place in key order: findings are written in this order. */
  index: number;
}

/**
 * Cuts the ledger (or one organization's part of it) into ranges of whole streams, of about equal
 * numbers of events: at least `minParts` (one per worker), and more when one would hold over
 * `maxEvents`. The ranges cover every key between the first and the last, so an event whose
 * stream has no head still falls in one.
 */
export async function planPartitions(sql: Sql, options: { organizationId?: string; minParts: number; maxEvents: number }): Promise<Partition[]> {
  const weight = await readLedgerWeight(sql, options.organizationId);
  const parts = Math.max(1, options.minParts, Math.ceil(weight / options.maxEvents));
  const bounds = parts > 1 ? await readPartitionBounds(sql, parts, options.organizationId) : [];
  const organizationId = options.organizationId;
  return [undefined, ...bounds].map((from, index) => ({ index, organizationId, from, to: bounds[index] }));
}
