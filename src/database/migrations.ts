import type { PoolClient } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';

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
  const lock = await MigrationLock.take(dataSource);
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' }).catch((error) => {
      throw lock.explain(error);
    });
    await lock.release();
    return applied.map((m) => m.name);
  } finally {
    await lock.close();
  }
}

/** The advisory lock, on a connection of its own, and whether that connection was lost. */
class MigrationLock {
  private lost: Error | null = null;
  private held = false;
  // TypeORM's own listener lets go of the connection at its first error, then is gone: an error
  // the connection emits after that would find no listener and end the process on the spot.
  private readonly onError = (error: Error) => (this.lost ??= error);

  private constructor(
    private readonly runner: QueryRunner,
    private readonly client: PoolClient,
  ) {
    client.on('error', this.onError);
  }

  static async take(dataSource: DataSource): Promise<MigrationLock> {
    const runner = dataSource.createQueryRunner();
    const lock = new MigrationLock(runner, (await runner.connect()) as PoolClient);
    try {
      // Waiting for another instance's migrations may take longer than any request may.
      await runner.query('SET statement_timeout = 0');
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      lock.held = true;
      return lock;
    } catch (error) {
      await lock.close();
      throw error;
    }
  }

  /** What a failure of the migrations means: the loss of the lock, if its connection went first. */
  explain(error: unknown): unknown {
    return this.lost ? lockLost(this.lost, error) : error;
  }

  /**
   * Lets go of the lock. This also proves it was held all along: a connection lost meanwhile (its
   * error not even seen yet) fails this statement, and the migrations ran unguarded for a while.
   */
  async release(): Promise<void> {
    let held: boolean;
    try {
      [{ held }] = await this.runner.query('SELECT pg_advisory_unlock($1) AS held', [MIGRATION_LOCK_KEY]);
    } catch (error) {
      throw lockLost(this.lost ?? (error as Error), error);
    }
    this.held = false;
    if (!held) throw lockLost(this.lost ?? new Error('the lock was no longer held'));
  }

  async close(): Promise<void> {
    if (this.held) await this.runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await this.runner.release();
    // A lost connection keeps the listener: it is dead and out of the pool, but may still emit.
    if (!this.lost) this.client.off('error', this.onError);
  }
}

function lockLost(reason: Error, cause?: unknown): Error {
  return new Error(`the database connection holding the migration lock was lost while migrations ran (${reason.message})`, { cause: cause ?? reason });
}
