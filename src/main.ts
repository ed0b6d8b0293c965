import 'reflect-metadata';
import cluster, { Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { describeError } from './common/errors/describe-error';
import { createLogger } from './common/logging/logger';
import { EmbeddedPostgres } from './database/embedded-postgres';
import { answerPrimaryScrapes, clusterMetricsSource } from './metrics/cluster-metrics';
import { MetricsListener } from './metrics/metrics-listener';
import { exitAfter, onSignals } from './shutdown';

/**
 * Starts the service: configuration, database (embedded when DATABASE_URL is unset) with its
 * migrations, then HTTP, in this process or in WORKERS cluster workers. SIGTERM/SIGINT stop
 * accepting, let in-flight requests finish, close the pool and stop the embedded database.
 */
async function bootstrap() {
  const config = configOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  if (config.WORKERS > 1 && cluster.isPrimary) return runPrimary(config, logger);
  // A worker answers the primary's scrapes from its first moment (with nothing while it loads).
  if (cluster.isWorker && config.METRICS_PORT !== 0) answerPrimaryScrapes();
  // Loaded only here: a cluster primary never serves, and without NestJS, TypeORM and the
  // application's modules it stays a small process beside its workers.
  const { serve } = require('./serve') as typeof import('./serve.js');
  return serve(config, logger);
}

/**
 * The cluster primary supervises, owns the embedded database's lifecycle and answers metrics
 * scrapes for all its workers (METRICS_PORT), nothing more: it
 * starts the embedded PostgreSQL if needed, then forks one worker, which applies the migrations
 * (under their lock) as any instance does, and the others once that one listens. A first worker
 * that cannot start (a database out of reach, a migration that fails) stops the service, rather
 * than being forked again and again. On SIGTERM it passes the signal on, waits for every worker
 * to drain, and only then stops the database.
 */
async function runPrimary(config: AppConfig, logger: Logger) {
  const embedded = config.DATABASE_URL ? undefined : new EmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT, logger);
  const env = { DATABASE_URL: config.DATABASE_URL ?? (await embedded!.start()) };
  const metrics = await openClusterMetrics(config, logger);
  let stopping = false;
  const first = cluster.fork(env);
  if (!(await listensOrExits(first))) {
    logger.error('the first worker could not start; stopping');
    await embedded?.stop();
    process.exit(1);
  }
  for (let i = 1; i < config.WORKERS; i++) cluster.fork(env);
  let listening = 1;
  cluster.on('listening', () => {
    if (++listening === config.WORKERS)
      logger.info({ port: config.PORT, workers: config.WORKERS, embeddedDatabase: !config.DATABASE_URL }, 'LoyalPanther is listening');
  });
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    logger.error({ worker: worker.id, code }, 'a worker died; starting another');
    cluster.fork(env);
  });
  onSignals(async (signal) => {
    stopping = true;
    logger.info({ signal }, 'shutting down: draining the workers');
    exitAfter(config, logger, async () => {
      const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
      await Promise.all(alive.map((w) => new Promise((resolve) => (w!.once('exit', resolve), w!.process.kill(signal)))));
      await metrics?.close();
      await embedded?.stop();
    });
  });
}

/** The primary serves every worker's metrics in one scrape (prom-client and node:http only: it stays small). */
async function openClusterMetrics(config: AppConfig, logger: Logger) {
  if (config.METRICS_PORT === 0) return undefined;
  return MetricsListener.open(config.METRICS_HOST, config.METRICS_PORT, clusterMetricsSource(), logger);
}

/** True once the worker listens; false if it exits first. */
function listensOrExits(worker: Worker): Promise<boolean> {
  return new Promise((resolve) => {
    worker.once('listening', () => resolve(true));
    worker.once('exit', () => resolve(false));
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

bootstrap().catch((error) => {
  console.error(`LoyalPanther failed to start: ${describeError(error)}`);
  process.exit(1);
});
