import 'reflect-metadata';
import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { createLogger } from './common/logging/logger';
import { createApp } from './configure-app';
import { DatabaseConnection } from './database/database-connection';
import { ShutdownState } from './health/shutdown-state';

/** Set in worker processes: the primary has already opened the database and run the migrations. */
const WORKER_FLAG = 'LOYALPANTHER_CLUSTER_WORKER';

/**
 * Starts the service: configuration, database (embedded when DATABASE_URL is unset) with its
 * migrations, then HTTP, in this process or in WORKERS cluster workers. SIGTERM/SIGINT stop
 * accepting, let in-flight requests finish, close the pool and stop the embedded database.
 */
async function bootstrap() {
  const config = configOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  if (config.WORKERS > 1 && cluster.isPrimary) return runPrimary(config, logger);
  const connection = await DatabaseConnection.open(config, logger, { migrate: !process.env[WORKER_FLAG] });
  const app = await createApp(config, connection, logger);
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ port: config.PORT, embeddedDatabase: !config.DATABASE_URL, worker: cluster.isWorker ? cluster.worker!.id : undefined }, 'LoyalPanther is listening');

  onSignals(async (signal) => {
    app.get(ShutdownState).stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    exitAfter(config, logger, () => app.close());
  });
}

/**
 * The cluster primary owns the database's lifecycle: it starts the embedded PostgreSQL if needed
 * and runs the migrations once, then forks the workers with the database URL, and on SIGTERM passes
 * the signal on, waits for every worker to drain, and only then stops the database.
 */
async function runPrimary(config: AppConfig, logger: Logger) {
  const connection = await DatabaseConnection.open(config, logger);
  await connection.database.dataSource.destroy();
  const env = { [WORKER_FLAG]: '1', DATABASE_URL: connection.url };
  const workers = Array.from({ length: config.WORKERS }, () => cluster.fork(env));
  let listening = 0;
  let stopping = false;
  cluster.on('listening', () => {
    if (++listening === config.WORKERS) logger.info({ port: config.PORT, workers: config.WORKERS, embeddedDatabase: !config.DATABASE_URL }, 'LoyalPanther is listening');
  });
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      logger.error({ worker: worker.id, code }, 'a worker died; starting another');
      workers.push(cluster.fork(env));
    }
  });
  onSignals(async (signal) => {
    stopping = true;
    logger.info({ signal }, 'shutting down: draining the workers');
    exitAfter(config, logger, async () => {
      const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
      await Promise.all(alive.map((w) => new Promise((resolve) => (w!.once('exit', resolve), w!.process.kill(signal)))));
      await connection.close();
    });
  });
}

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

function onSignals(handler: (signal: NodeJS.Signals) => Promise<void>) {
  let handled = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (handled) return;
      handled = true;
      void handler(signal);
    });
  }
}

/** Runs the shutdown work, then exits 0; exits 1 if it fails or outlasts SHUTDOWN_TIMEOUT_MS (+5 s). */
function exitAfter(config: AppConfig, logger: Logger, work: () => Promise<unknown>) {
  const deadline = setTimeout(() => {
    logger.error('shutdown timed out; exiting');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS + 5000);
  deadline.unref();
  work().then(
    () => {
      logger.info('shutdown complete');
      process.exit(0);
    },
    (error) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}

bootstrap().catch((error) => {
  console.error('LoyalPanther failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
