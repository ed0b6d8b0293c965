import { Database, Sql } from '../../../database/database';
import { LineSink, writeJsonLine } from '../json-lines';
import { lockStoredStream, NIL_UUID, readCustomerKeys, writeProjection } from './audit-reads';
import { auditStoredStream } from './audit-stored-stream';
import { auditFindings, Finding } from './stream-audit';

export interface RebuildOptions {
  organizationId?: string;
  /** Customers listed per read, and events read per statement while replaying one customer. */
  batchSize?: number;
}

export interface RebuildSummary {
  /** False when some customer could not be rebuilt (its events fail verification). */
  ok: boolean;
  customers: number;
  changed: number;
  unchanged: number;
  skipped: number;
}

type Outcome =
  | { outcome: 'changed'; line: object }
  | { outcome: 'unchanged' }
  | { outcome: 'skipped'; line: object }
  /** Deleted between listing and locking: nothing to rebuild. */
  | { outcome: 'gone' };

const DEADLOCK = '40P01';
const MAX_ATTEMPTS = 3;

/**
 * `ledger rebuild`: sets each customer's points_balance, lifetime_points, lots (with next_expiry) and version to what the
 * replay of their events gives. Safe while the service serves: each customer is rebuilt in its own
 * transaction holding the same row locks as an award or a redemption, so a request either finishes
 * before (and its event is replayed) or waits and then sees the rebuilt row; none is lost, and no
 * reader sees a half-built projection. A customer whose chain is broken or whose events cannot be
 * replayed is left alone and reported: rebuilding from tampered events would launder them.
 */
export async function rebuildProjection(database: Database, out: LineSink, options: RebuildOptions = {}): Promise<RebuildSummary> {
  const batchSize = options.batchSize ?? 1000;
  const counts = { customers: 0, changed: 0, unchanged: 0, skipped: 0 };
  let after = { organizationId: options.organizationId ?? NIL_UUID, id: NIL_UUID };
  for (;;) {
    const keys = await readCustomerKeys(database, after, batchSize, options.organizationId);
    for (const key of keys) {
      const result = await rebuildWithRetry(database, key.organizationId, key.id, batchSize);
      if (result.outcome === 'gone') continue;
      counts.customers++;
      counts[result.outcome]++;
      // Written after the commit: a slow reader of the output must never hold a customer's lock.
      if ('line' in result) await writeJsonLine(out, result.line);
    }
    if (keys.length < batchSize) break;
    after = keys[keys.length - 1];
  }
  const summary = { ok: counts.skipped === 0, ...counts };
  await writeJsonLine(out, { summary });
  return summary;
}

/** A deadlock with a request locking the same rows is retried; the request's own retry covers its side. */
async function rebuildWithRetry(database: Database, organizationId: string, customerId: string, batchSize: number): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.transaction((tx) => rebuildCustomer(tx, organizationId, customerId, batchSize));
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function rebuildCustomer(tx: Sql, organizationId: string, customerId: string, batchSize: number): Promise<Outcome> {
  const stored = await lockStoredStream(tx, organizationId, customerId);
  if (!stored) return { outcome: 'gone' };
  const audit = await auditStoredStream(tx, stored, batchSize);
  const findings = auditFindings(audit, stored, []);
  const where = { organization_id: organizationId, customer: stored.customer!.loyaltyCode, stream_id: customerId };
  const untrusted = findings.filter((f) => f.finding !== 'projection_mismatch');
  if (untrusted.length) return { outcome: 'skipped', line: { rebuild: 'skipped', ...where, findings: untrusted } };
  const mismatch = findings[0] as Extract<Finding, { finding: 'projection_mismatch' }> | undefined;
  if (!mismatch) return { outcome: 'unchanged' };
  // The loyalty code is the customer's identity at the tills: a wrong one is for a person to correct.
  if (mismatch.expected.loyalty_code !== mismatch.found.loyalty_code) return { outcome: 'skipped', line: { rebuild: 'skipped', ...where, findings } };
  await writeProjection(tx, organizationId, customerId, audit.state);
  return { outcome: 'changed', line: { rebuild: 'changed', ...where, before: figuresOf(mismatch.found), after: figuresOf(mismatch.expected) } };
}

/** The columns rebuild owns; the tier follows from lifetime points. */
function figuresOf(f: { points_balance: number; lifetime_points: number; version: number; lots: string; next_expiry: string | null }) {
  return { points_balance: f.points_balance, lifetime_points: f.lifetime_points, version: f.version, lots: f.lots, next_expiry: f.next_expiry };
}
