import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/** An arbitrary but fixed key: every instance of the service agrees on it. */
const MIGRATION_LOCK_KEY = 7_355_608_142;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so that instances starting
 * together apply each migration once: the others wait, then find nothing left to do.
 *
 * The lock lives as long as its connection. If that connection is lost while migrations run, the
 * lock is gone with it and another instance may have started migrating meanwhile: this fails then
 * (the service exits with the reason) rather than carrying on as if the run had been alone.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  const client = (await lock.connect()) as PoolClient;
  // TypeORM's own listener lets go of the connection at its first error, then is gone: an error
  // the connection emits after that would find no listener and end the process on the spot.
  let lost: Error | null = null;
  const onError = (error: Error) => (lost ??= error);
  client.on('error', onError);
  try {
    // Waiting for another instance's migrations may take longer than any request may.
    await lock.query('SET statement_timeout = 0');
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (lost) throw lockLost(lost);
    return applied.map((m) => m.name);
  } catch (error) {
    throw lost ? lockLost(lost, error) : error;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
    // A lost connection keeps the listener: it is dead and out of the pool, but may still emit.
    if (!lost) client.off('error', onError);
  }
}

function lockLost(reason: Error, cause?: unknown): Error {
  return new Error(`the database connection holding the migration lock was lost while migrations ran (${reason.message})`, { cause: cause ?? reason });
}
