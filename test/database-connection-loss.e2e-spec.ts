import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config/app-config';
import { DatabaseConnection } from '../src/database/database-connection';
import { lineSink } from './support/line-sink';
import { startService } from './support/live-service';
import { ServiceProcess } from './support/service-process';
import { TcpProxy } from './support/tcp-proxy';
import { testDatabaseUrl } from './support/test-app';
import { createScratchDatabase, freePort, TestDatabase } from './support/test-database';

/** `url` with its host and port replaced by the proxy's. */
function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}

async function openProxy(url: string): Promise<TcpProxy> {
  const target = new URL(url);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.open();
  return proxy;
}

const until = async (condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('losing the database connection', () => {
  it('logs a dropped idle connection as one short warning, without the connection object and its statements', async () => {
    const proxy = await openProxy(testDatabaseUrl());
    const logs = lineSink();
    const config = loadConfig({ DATABASE_URL: throughProxy(testDatabaseUrl(), proxy), DB_POOL_SIZE: '1' });
    const connection = await DatabaseConnection.open(config, pino({ level: 'warn' }, logs.stream), { migrate: false });
    try {
      // A prepared statement of the service's own kind: node-postgres keeps its text on the connection.
      await connection.database.query('SELECT $1::text AS greeting /* a statement the log must not hold */', ['hello']);
      await proxy.cut();
      await until(() => logs.lines().length > 0, 'the warning');
      const [line, ...more] = logs.lines();
      expect(more).toEqual([]);
      expect(line).toMatchObject({ level: 40, msg: 'idle database connection failed', reason: expect.any(String) });
      expect(JSON.stringify(line)).not.toContain('a statement the log must not hold');
      expect(JSON.stringify(line).length).toBeLessThan(400);
    } finally {
      await connection.close();
    }
  });

  describe('during start-up migrations', () => {
    let scratch: TestDatabase;
    let service: ServiceProcess | undefined;
    /** Looks at the server from outside any transaction (within one, pg_stat_activity stays as first read). */
    let observer: Client;
    beforeAll(async () => {
      // A database of its own: the test holds a lock on its migrations table.
      scratch = await createScratchDatabase('loyalpanther_test_migration_loss', testDatabaseUrl());
      const connection = await DatabaseConnection.open(loadConfig({ DATABASE_URL: scratch.url }), pino({ level: 'silent' }));
      await connection.close();
      observer = await connected(scratch.url);
    });
    afterAll(async () => {
      await service?.kill('SIGKILL');
      await observer?.end();
      await scratch?.drop();
    });

    async function connected(url: string): Promise<Client> {
      const client = new Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    }

    /** Starts the service through a proxy while the test holds the migrations table: its migration runner waits, its lock held. */
    async function startWhileMigrationsWait(): Promise<{ proxy: TcpProxy; blocker: Client; service: ServiceProcess }> {
      const proxy = await openProxy(scratch.url);
      const blocker = await connected(scratch.url);
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE');
      service = startService(await freePort(), { DATABASE_URL: throughProxy(scratch.url, proxy), WORKERS: '1' });
      await until(async () => (await lockHolders(proxy)).length > 0 && (await waitsForMigrationsTable()), 'the migrations to wait, the lock taken');
      return { proxy, blocker, service };
    }
    /** The backends, serving the service behind `proxy`, that hold an advisory lock. */
    const lockHolders = async (proxy: TcpProxy): Promise<number[]> =>
      (
        await observer.query(
          `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.client_port = ANY($1::int[])`,
          [proxy.upstreamPorts()],
        )
      ).rows.map((r) => r.pid);
    const waitsForMigrationsTable = async (): Promise<boolean> =>
      (
        await observer.query(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'schema_migrations' AND NOT l.granted`,
        )
      ).rows[0].n > 0;
    async function exitOf(s: ServiceProcess): Promise<unknown> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise((resolve) => (timer = setTimeout(() => resolve('still running'), 20_000)));
      try {
        return await Promise.race([s.exit!, late]);
      } finally {
        clearTimeout(timer);
      }
    }

    it('exits with a message, rather than crashing on an unhandled error event, when the database goes away', async () => {
      const { proxy, blocker, service: started } = await startWhileMigrationsWait();
      try {
        await proxy.cut();
        expect({ code: await exitOf(started), output: started.text }).toEqual({ code: 1, output: expect.stringContaining('LoyalPanther failed to start') });
        expect(started.text).not.toContain("Unhandled 'error' event");
      } finally {
        await blocker.query('ROLLBACK').catch(() => undefined);
        await blocker.end();
      }
    });

    it('exits with a message when only the connection holding the migration lock is lost: the lock went with it', async () => {
      const { proxy, blocker, service: started } = await startWhileMigrationsWait();
      try {
        const [holder] = await lockHolders(proxy);
        await observer.query('SELECT pg_terminate_backend($1)', [holder]);
        // The migrations then go on (this lock given up), and find nothing to do.
        await blocker.query('ROLLBACK');
        expect({ code: await exitOf(started), output: started.text }).toEqual({
          code: 1,
          output: expect.stringContaining('LoyalPanther failed to start: the database connection holding the migration lock was lost while migrations ran'),
        });
        expect(started.text).not.toContain('LoyalPanther is listening');
      } finally {
        await blocker.query('ROLLBACK').catch(() => undefined);
        await blocker.end();
        await proxy.cut();
      }
    });
  });
});
