import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createLogger } from './common/logging/logger';
import { createApp } from './configure-app';
import { DatabaseConnection } from './database/database-connection';
import { ShutdownState } from './health/shutdown-state';

/**
 * Starts the service: configuration, database (embedded when DATABASE_URL is unset) with its
 * migrations, then HTTP. SIGTERM/SIGINT stop accepting, let in-flight requests finish, close the
 * pool and stop the embedded database.
 */
async function bootstrap() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const connection = await DatabaseConnection.open(config, logger);
  const app = await createApp(config, connection, logger);
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ port: config.PORT, embeddedDatabase: !config.DATABASE_URL }, 'LoyalPanther is listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.get(ShutdownState).stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    const deadline = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 5000);
    deadline.unref();
    try {
      await app.close();
      logger.info('shutdown complete');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

bootstrap().catch((error) => {
  console.error('LoyalPanther failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
