import { DataSource } from 'typeorm';

/** An arbitrary but fixed key: every instance of the service agrees on it. */
const MIGRATION_LOCK_KEY = 7_355_608_142;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so that instances starting
 * together apply each migration once: the others wait, then find nothing left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    // Waiting for another instance's migrations may take longer than any request may.
    await lock.query('SET statement_timeout = 0');
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
