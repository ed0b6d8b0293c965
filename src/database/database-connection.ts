import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { createDataSource } from './data-source';
import { Database } from './database';
import { EmbeddedPostgres } from './embedded-postgres';
import { runMigrations } from './migrations';

/**
 * Opens the database the configuration names (or the embedded one), applies pending migrations
 * under the migration lock, and knows how to close it all again in the right order.
 */
export class DatabaseConnection {
  private constructor(
    readonly database: Database,
    readonly url: string,
    private readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  /**
   * `shareEmbedded` (default true, for the CLIs): an embedded PostgreSQL that a running service has
   * started is used as it is, and left running. The service passes false: it owns its database.
   */
  static async open(config: AppConfig, logger: Logger, options: { migrate?: boolean; shareEmbedded?: boolean } = {}): Promise<DatabaseConnection> {
    const embedded = config.DATABASE_URL
      ? undefined
      : new EmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT, logger, { shareRunning: options.shareEmbedded !== false });
    const url = config.DATABASE_URL ?? (await embedded!.start());
    try {
      const dataSource = createDataSource({
        url,
        poolSize: config.DB_POOL_SIZE,
        connectionTimeoutMs: config.DB_CONNECTION_TIMEOUT_MS,
        statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      });
      await dataSource.initialize();
      const database = new Database(dataSource);
      // An idle connection dropped by a database restart must not take the process down. Its reason
      // only: node-postgres hangs the whole client on the error (err.client: its settings and every
      // prepared statement's text), which an error serializer would write out as one warning.
      database.pool.on('error', (error) => logger.warn({ reason: error.message, code: (error as { code?: string }).code }, 'idle database connection failed'));
      if (options.migrate !== false) await migrate(url, config, logger);
      return new DatabaseConnection(database, url, embedded);
    } catch (error) {
      await embedded?.stop().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.database.dataSource.isInitialized) await this.database.dataSource.destroy();
    await this.embedded?.stop();
  }
}

/**
 * Applies pending migrations on a short-lived data source of its own, without the per-statement
 * timeout that protects requests: a migration may rightly take longer than any request.
 */
async function migrate(url: string, config: AppConfig, logger: Logger): Promise<void> {
  const dataSource = createDataSource({ url, poolSize: 2, connectionTimeoutMs: config.DB_CONNECTION_TIMEOUT_MS, statementTimeoutMs: 0 });
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  } finally {
    await dataSource.destroy();
  }
}
