import { join } from 'node:path';
import { DataSource } from 'typeorm';

export interface PoolSettings {
  url: string;
  poolSize: number;
  connectionTimeoutMs: number;
  statementTimeoutMs: number;
}

/**
 * Migrations live in the top-level `migrations/` folder. Built, they are JavaScript in
 * `dist/migrations/`; under the test runner they are read as TypeScript from the source tree.
 */
function migrationFiles(): string[] {
  const compiled = __filename.endsWith('.js');
  return compiled ? [join(__dirname, '..', 'migrations', '*.js')] : [join(__dirname, '..', '..', 'migrations', '*.ts')];
}

/** The TypeORM data source over a bounded node-postgres pool. Schema changes only ever come from migrations. */
export function createDataSource(settings: PoolSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    synchronize: false,
    migrationsRun: false,
    migrations: migrationFiles(),
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    logging: false,
    applicationName: 'loyalpanther',
    extra: {
      max: settings.poolSize,
      connectionTimeoutMillis: settings.connectionTimeoutMs,
      statement_timeout: settings.statementTimeoutMs,
      // A transaction left open by a crashed handler must not hold locks forever.
      idle_in_transaction_session_timeout: Math.max(settings.statementTimeoutMs * 3, 30000),
      // 0 means no limit (migrations); otherwise the client gives up a little after the server would.
      query_timeout: settings.statementTimeoutMs ? settings.statementTimeoutMs + 2000 : undefined,
      keepAlive: true,
      // Every statement the service runs is prepared once per connection (statement-names.ts) and
      // finds its rows by index whatever the values. A custom plan per execution would plan the
      // statement again each time: the batched reads (batched-read.ts) took 2.6 ms to plan and
      // 0.8 ms to run, because PostgreSQL kept choosing custom plans for their arrays.
      options: '-c plan_cache_mode=force_generic_plan',
    },
  });
}
