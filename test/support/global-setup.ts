import { loadConfig } from '../../src/config/app-config';
import { createLogger } from '../../src/common/logging/logger';
import { DatabaseConnection } from '../../src/database/database-connection';
import { createTestDatabase } from './test-database';

/** Makes the run's database, migrates it once, and hands its URL to the test workers. */
export default async function globalSetup() {
  const database = await createTestDatabase();
  (globalThis as any).__LOYALPANTHER_TEST_DB__ = database;
  process.env.LOYALPANTHER_TEST_DATABASE_URL = database.url;
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
  const connection = await DatabaseConnection.open(config, createLogger('warn'));
  await connection.close();
}
