import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, withClient } from './support/test-database';
import { runScript, ServiceProcess } from './support/service-process';
import { testDatabaseUrl } from './support/test-app';

function get(port: number, path: string, agent?: Agent): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A fresh, empty database next to the run's one (same server), for tests that need to watch migrations. */
async function freshDatabase(name: string): Promise<string> {
  const url = new URL(testDatabaseUrl());
  await withClient(url.toString(), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => c.query(`CREATE DATABASE ${name}`)));
  url.pathname = `/${name}`;
  return url.toString();
}

describe('the service as a process (node dist/main.js)', () => {
  it('refuses to start on a bad configuration value, naming the variable', async () => {
    const { code, output } = await runScript('dist/main.js', { DATABASE_URL: testDatabaseUrl(), PORT: 'eighty', DB_POOL_SIZE: '0' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/DB_POOL_SIZE/);
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL', async () => {
    const { code, output } = await runScript('dist/main.js', { DATABASE_URL: 'mysql://root@localhost/x' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/DATABASE_URL/);
  });

  it('serves on PORT with DATABASE_URL and drains in-flight requests on SIGTERM before exiting 0', async () => {
    const port = await freePort();
    const service = new ServiceProcess({ DATABASE_URL: testDatabaseUrl(), PORT: String(port) }).start();
    await service.listening();
    expect((await get(port, '/readyz')).status).toBe(200);

    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    let firstAnswered!: () => void;
    const firstAnswer = new Promise<void>((resolve) => (firstAnswered = resolve));
    const inFlight = Array.from({ length: 200 }, () =>
      get(port, '/readyz', agent).then(
        (r) => (firstAnswered(), r.status),
        (e) => e.code,
      ),
    );
    // SIGTERM while most of them are still in flight: once the first has been answered (on a busy
    // machine that can take longer than the few milliseconds a fixed wait would give).
    await firstAnswer;
    const exitCode = await service.kill('SIGTERM');
    const outcomes = await Promise.all(inFlight);
    agent.destroy();

    expect({ exitCode, log: service.text.slice(-3000) }).toEqual({ exitCode: 0, log: expect.stringMatching(/shutdown complete/) });
    // Every request the server accepted got its answer; the rest were refused before being accepted.
    for (const outcome of outcomes) expect([200, 503, 'ECONNREFUSED', 'ECONNRESET']).toContain(outcome);
    expect(outcomes.filter((o) => o === 200).length).toBeGreaterThan(0);
  });

  it('serves from WORKERS cluster workers sharing one port, and drains them all on SIGTERM', async () => {
    const port = await freePort();
    const service = new ServiceProcess({ DATABASE_URL: testDatabaseUrl(), PORT: String(port), WORKERS: '2' }).start();
    try {
      // The primary says it listens once every worker does.
      for (let i = 0; i < 300 && !/"workers":2/.test(service.text); i++) await new Promise((r) => setTimeout(r, 100));
      expect(service.text).toMatch(/"workers":2/);
      const answers = await Promise.all(Array.from({ length: 20 }, () => get(port, '/readyz')));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(await service.kill('SIGTERM')).toBe(0);
      // The primary and both workers each finished their shutdown.
      expect(service.text.match(/shutdown complete/g)).toHaveLength(3);
    } finally {
      await service.kill('SIGKILL');
    }
  });

  it('applies migrations once when two instances migrate the same fresh database at the same time', async () => {
    const url = await freshDatabase(`loyalpanther_test_migrate_${process.pid}`);
    const runs = await Promise.all([
      runScript('dist/database/migrate.cli.js', { DATABASE_URL: url }),
      runScript('dist/database/migrate.cli.js', { DATABASE_URL: url }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const applied = await withClient(url, (c) => c.query('SELECT name FROM schema_migrations'));
    const names = applied.rows.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('EventStore1764100000000');
    await withClient(testDatabaseUrl(), (c) => c.query(`DROP DATABASE ${new URL(url).pathname.slice(1)} WITH (FORCE)`));
  });

  describe('without DATABASE_URL', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'loyalpanther-embedded-'));
      chmodSync(dataDir, 0o755);
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('starts an embedded PostgreSQL under DATA_DIR, keeps its data across restarts and stops it on shutdown', async () => {
      const pgPort = await freePort();
      const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) };
      const first = new ServiceProcess({ ...env, PORT: String(await freePort()) }).start();
      await first.listening(120000);
      expect(first.text).toMatch(/embedded PostgreSQL started/);
      const url = `postgres://postgres:${(await import('node:fs')).readFileSync(join(dataDir, 'pg-password'), 'utf8').trim()}@127.0.0.1:${pgPort}/loyalpanther`;
      await withClient(url, (c) =>
        c.query(`INSERT INTO event_streams (organization_id, stream_id, stream_type, version) VALUES (gen_random_uuid(), gen_random_uuid(), 'probe', 0)`),
      );
      expect(await first.kill('SIGTERM')).toBe(0);
      expect(first.text).toMatch(/embedded PostgreSQL stopped/);
      await expect(withClient(url, (c) => c.query('SELECT 1'))).rejects.toThrow();

      const second = new ServiceProcess({ ...env, PORT: String(await freePort()) }).start();
      await second.listening(120000);
      const kept = await withClient(url, (c) => c.query(`SELECT count(*)::int AS n FROM event_streams WHERE stream_type = 'probe'`));
      expect(kept.rows[0].n).toBe(1);
      expect(await second.kill('SIGTERM')).toBe(0);
    }, 240000);
  });
});
