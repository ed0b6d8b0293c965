import { Agent } from 'node:http';
import pino from 'pino';
import { loadConfig } from '../../src/config/app-config';
import { Database } from '../../src/database/database';
import { DatabaseConnection } from '../../src/database/database-connection';
import { TEST_ADMIN_TOKEN } from './admin-token';
import { call, HttpAnswer, HttpOutcome } from './http-client';
import { ServiceProcess } from './service-process';
import { testDatabaseUrl } from './test-app';

/**
 * The built service (`node dist/main.js`) on a fixed port, as the fault tests need it: restartable
 * on the same port after a kill, with the admin token set and rate limits out of the way (the load
 * is one key; limits are tested elsewhere).
 */
export function startService(port: number, env: Record<string, string> = {}): ServiceProcess {
  return new ServiceProcess({
    DATABASE_URL: testDatabaseUrl(),
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  }).start();
}

/** The run's database, opened from the test process (no HTTP) to check what was stored. */
export async function openDatabase(url = testDatabaseUrl()): Promise<{ database: Database; close(): Promise<void> }> {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', DB_POOL_SIZE: '4' });
  const connection = await DatabaseConnection.open(config, pino({ level: 'silent' }), { migrate: false });
  return { database: connection.database, close: () => connection.close() };
}

export function expectAnswer(outcome: HttpOutcome, status?: number): HttpAnswer {
  if (outcome.kind !== 'answer') throw new Error(`expected an HTTP answer, got ${outcome.error}`);
  if (status !== undefined && outcome.status !== status) throw new Error(`expected ${status}, got ${outcome.status}: ${outcome.text}`);
  return outcome;
}

export interface SeededOrganization {
  id: string;
  key: string;
  /** Loyalty codes of its customers. */
  codes: string[];
}

/**
 * An organization with an API key, a tier (so points depend on the order awards land in) and
 * `customers` customers, all made through the HTTP APIs of the service on `port`.
 */
export async function seedOrganization(port: number, customers: number): Promise<SeededOrganization> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const adminCall = (path: string, body: object) =>
    call(port, { method: 'POST', path: `/api/admin/v1${path}`, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, body, agent });
  try {
    const org = expectAnswer(await adminCall('/organizations', { name: 'Reliability Café', earn_rate: '1.5' }), 201).body.organization;
    const key = expectAnswer(await adminCall(`/organizations/${org.id}/api-keys`, { name: 'till under load' }), 201).body.api_key.key;
    expectAnswer(await adminCall(`/organizations/${org.id}/tiers`, { name: 'Silver', min_lifetime_points: 300, multiplier: '1.25' }), 201);
    const codes: string[] = [];
    for (let i = 0; i < customers; i++) {
      const registered = await call(port, {
        method: 'POST',
        path: '/api/v1/customers',
        headers: { authorization: `Bearer ${key}` },
        body: { name: `Customer ${i}` },
        agent,
      });
      codes.push(expectAnswer(registered, 201).body.customer.loyalty_code);
    }
    return { id: org.id, key, codes };
  } finally {
    agent.destroy();
  }
}
