import request from 'supertest';
import { ProbeModule } from './support/probe.module';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp, testDatabaseUrl } from './support/test-app';

/** The service reaches PostgreSQL through a proxy the test can cut, as if the database went away. */
describe('when the database is unreachable', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl());
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const port = await proxy.open();
    target.hostname = '127.0.0.1';
    target.port = String(port);
    t = await startTestApp({
      databaseUrl: target.toString(),
      env: { DB_CONNECTION_TIMEOUT_MS: '500', DB_STATEMENT_TIMEOUT_MS: '1000' },
      extraModules: [ProbeModule],
    });
  });
  afterAll(async () => {
    await proxy.cut();
    await t.close().catch(() => undefined);
  });

  it('answers 503 unavailable in the envelope, quickly, and recovers by itself when it returns', async () => {
    await request(t.server).get('/__probe/db').expect(200);

    await proxy.cut();
    const started = Date.now();
    const [work, ready] = await Promise.all([request(t.server).get('/__probe/db'), request(t.server).get('/readyz')]);
    expect(work.status).toBe(503);
    expect(work.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    expect(work.headers['retry-after']).toBe('1');
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(5000);
    // Health is about the process, not the database.
    await request(t.server).get('/healthz').expect(200);

    await proxy.open();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await request(t.server).get('/__probe/db')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    await request(t.server).get('/readyz').expect(200);
  });
});
