import { Database, Sql } from '../../../database/database';

/** An arbitrary but fixed advisory lock key, distinct from the migration lock's. */
const SEQUENCER_LOCK_KEY = 7_355_608_143;

/** Events sequenced per transaction: enough to catch up quickly, few enough to keep it short. */
export const SEQUENCE_BATCH = 10_000;

/**
 * Gives ledger positions to committed events that have none yet, lowest event position first;
 * each organization's positions continue from its highest (max + row number): 1, 2, 3, … without gaps.
 *
 * - Never skipped: an event is taken once it is visible (committed), whatever its event position;
 *   one that commits late simply gets the next ledger position then. Readers page by ledger
 *   position, which only grows and is committed in order (one sequencer at a time).
 * - Each customer's events stay in stream order: version n+1 can only be appended after version n
 *   has committed, so it has a higher event position and is sequenced in the same step or later.
 * - Cheap: the watermark says every event of a transaction below `sequenced_below` already has
 *   its position, so only events from there are looked at. After a step that took every candidate,
 *   the watermark moves to the snapshot's xmin: transactions below it had all ended, so all their
 *   events were visible to this step and are now sequenced.
 */
const SEQUENCE_SQL = `
  WITH batch AS (
    SELECT e.organization_id, e.position FROM events e
    WHERE e.transaction_id >= $1::xid8
      AND NOT EXISTS (SELECT 1 FROM ledger_positions l WHERE l.organization_id = e.organization_id AND l.event_position = e.position)
    ORDER BY e.position
    LIMIT $2
  ), numbered AS (
    SELECT organization_id, position, row_number() OVER (PARTITION BY organization_id ORDER BY position) AS n
    FROM batch
  ), inserted AS (
    INSERT INTO ledger_positions (organization_id, ledger_position, event_position)
    SELECT n.organization_id,
           coalesce((SELECT max(l.ledger_position) FROM ledger_positions l WHERE l.organization_id = n.organization_id), 0) + n.n,
           n.position
    FROM numbered n
    RETURNING 1
  ), counted AS (
    SELECT count(*) AS sequenced FROM inserted
  )
  UPDATE ledger_watermark w
  SET sequenced_below = CASE WHEN counted.sequenced < $2
                             THEN greatest(w.sequenced_below, pg_snapshot_xmin(pg_current_snapshot()))
                             ELSE w.sequenced_below END
  FROM counted
  RETURNING counted.sequenced`;

/** `more`: the batch was full, so more may be waiting; `busy`: another sequencer holds the lock. */
export type SequencerStep = 'caught_up' | 'more' | 'busy';

export interface SequencerOptions {
  /** Wait for another sequencer to finish (the CLI) instead of giving up at once (the API). */
  wait?: boolean;
  batchSize?: number;
}

/**
 * One sequencing step in its own short transaction. One sequencer at a time, across instances:
 * the transaction-scoped advisory lock is taken first, and the watermark and the positions are
 * read after it (a new snapshot), so they include what the previous sequencer committed.
 */
export function sequenceStep(database: Database, options: SequencerOptions = {}): Promise<SequencerStep> {
  const batchSize = options.batchSize ?? SEQUENCE_BATCH;
  return database.transaction(async (tx) => {
    if (!(await lock(tx, options.wait ?? false))) return 'busy';
    const { rows: marks } = await tx.query('SELECT sequenced_below::text AS sequenced_below FROM ledger_watermark');
    const { rows } = await tx.query(SEQUENCE_SQL, [marks[0].sequenced_below, batchSize]);
    return Number(rows[0].sequenced) >= batchSize ? 'more' : 'caught_up';
  });
}

/** Sequences everything committed, batch by batch; stops early if another sequencer is at work. */
export async function sequenceAll(database: Database, options: SequencerOptions = {}): Promise<Exclude<SequencerStep, 'more'>> {
  for (;;) {
    const step = await sequenceStep(database, options);
    if (step !== 'more') return step;
  }
}

async function lock(tx: Sql, wait: boolean): Promise<boolean> {
  if (wait) {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEQUENCER_LOCK_KEY]);
    return true;
  }
  const { rows } = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEQUENCER_LOCK_KEY]);
  return rows[0].locked === true;
}

/** Beyond this many events waiting, the lag is reported as this many: counting further would make a scrape as slow as the backlog is long. */
export const LAG_COUNT_CAP = 100_000;

/**
 * Committed events that have no ledger position yet: what the next feed read will sequence. The
 * sequencer's own candidates (from the watermark on, without a position), counted without the
 * lock, read-only, for a metrics scrape.
 */
const LAG_SQL = `
  SELECT count(*)::int AS events, extract(epoch FROM now() - min(waiting.recorded_at))::float8 AS oldest_age_seconds
  FROM (
    SELECT e.recorded_at FROM events e
    WHERE e.transaction_id >= (SELECT sequenced_below FROM ledger_watermark)
      AND NOT EXISTS (SELECT 1 FROM ledger_positions l WHERE l.organization_id = e.organization_id AND l.event_position = e.position)
    ORDER BY e.position
    LIMIT $1
  ) waiting`;

export interface SequencerLag {
  /** Events waiting for a position, at most LAG_COUNT_CAP. */
  events: number;
  /** Seconds since the oldest of them was recorded; 0 when none waits. */
  oldestAgeSeconds: number;
}

export async function sequencerLag(sql: Sql): Promise<SequencerLag> {
  const { rows } = await sql.query(LAG_SQL, [LAG_COUNT_CAP]);
  return { events: rows[0].events, oldestAgeSeconds: rows[0].oldest_age_seconds ?? 0 };
}
