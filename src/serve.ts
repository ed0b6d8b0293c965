import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { AppConfig } from './config/app-config';
import { createApp } from './configure-app';
import { DatabaseConnection } from './database/database-connection';
import { ShutdownState } from './health/shutdown-state';
import { printFirstRunHint } from './first-run-hint';
import { exposeMetrics } from './metrics/expose-metrics';
import { Metrics } from './metrics/metrics';
import { exitAfter, onSignals } from './shutdown';

/** Opens the database (applying pending migrations under their lock) and serves HTTP, and its metrics, until a signal. */
export async function serve(config: AppConfig, logger: Logger) {
  const connection = await DatabaseConnection.open(config, logger, { shareEmbedded: false });
  const app = await createApp(config, connection, logger);
  await app.listen({ port: config.PORT, host: config.HOST });
  const metrics = await exposeMetrics(config, app.get(Metrics), logger);
  logger.info(
    { port: config.PORT, embeddedDatabase: !config.DATABASE_URL, worker: cluster.isWorker ? cluster.worker!.id : undefined },
    'LoyalPanther is listening',
  );
  // Once per start: the first worker says it for all of them.
  // A hint is never worth stopping the service for (the database may be briefly out of reach).
  if (!cluster.isWorker || cluster.worker!.id === 1) await printFirstRunHint(connection.database, config, logger).catch(() => undefined);

  onSignals(async (signal) => {
    app.get(ShutdownState).stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    exitAfter(config, logger, async () => {
      await app.close();
      await metrics?.close();
    });
  });
}
