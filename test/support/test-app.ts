import { Writable } from 'node:stream';
import { DynamicModule, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { loggerOptions } from '../../src/common/logging/logger';
import { loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/configure-app';
import { DatabaseConnection } from '../../src/database/database-connection';
import { Database } from '../../src/database/database';
import { TEST_ADMIN_TOKEN } from './admin-token';

export function testDatabaseUrl(): string {
  const url = process.env.LOYALPANTHER_TEST_DATABASE_URL;
  if (!url) throw new Error('LOYALPANTHER_TEST_DATABASE_URL is not set: run the e2e tests through jest (global setup).');
  return url;
}

export interface TestApp {
  app: NestFastifyApplication;
  /** The Node HTTP server, for supertest. */
  server: any;
  database: Database;
  /** Every JSON log line the app wrote. */
  logs: Record<string, any>[];
  close(): Promise<void>;
}

/**
 * Starts the real application (same adapter, hooks, pipes and filters as `main.ts`) on the run's
 * database, without listening on a port: supertest drives its HTTP server directly.
 */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    databaseUrl?: string;
    extraModules?: Array<Type | DynamicModule>;
    /** Runs after the app is built and before its routes are registered (e.g. to add a Fastify onRoute hook). */
    beforeInit?: (app: NestFastifyApplication) => void;
  } = {},
): Promise<TestApp> {
  // The expiry job off unless a test asks for it: test files share the run's database, and one app's
  // job must not expire the lots another test is looking at.
  const config = loadConfig({
    LOG_LEVEL: 'info',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    EXPIRY_INTERVAL_S: '0',
    ...options.env,
    DATABASE_URL: options.databaseUrl ?? testDatabaseUrl(),
  });
  const logs: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  // The service's own logger options (redaction, error serializer), with numeric levels for the tests' filters.
  const logger = pino({ ...loggerOptions(config.LOG_LEVEL), formatters: {} }, sink);
  const connection = await DatabaseConnection.open(config, logger, { migrate: false });
  const app = await createApp(config, connection, logger, { extraModules: options.extraModules });
  options.beforeInit?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, server: app.getHttpServer(), database: connection.database, logs, close: () => app.close() };
}
