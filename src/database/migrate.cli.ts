import { loadConfig } from '../config/app-config';
import { createLogger } from '../common/logging/logger';
import { DatabaseConnection } from './database-connection';

/** `npm run migrate`: applies pending migrations (under the same lock as at start) and exits. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const connection = await DatabaseConnection.open(config, logger);
  logger.info('database schema is up to date');
  await connection.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
