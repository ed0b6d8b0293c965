import { Award, AwardLoad, expectRecordedExactlyOnce, plannedAwards } from '../support/award-load';
import { expectLedgerSound } from '../support/conservation';
import { call, eventually, HttpOutcome, sleep } from '../support/http-client';
import { openDatabase, seedOrganization, startService } from '../support/live-service';
import { ServiceProcess } from '../support/service-process';
import { TcpProxy } from '../support/tcp-proxy';
import { testDatabaseUrl } from '../support/test-app';
import { freePort } from '../support/test-database';

const CONNECT_TIMEOUT_MS = 500;
const STATEMENT_TIMEOUT_MS = 1000;
/**
 * The longest any request may take while the database is away: waiting for a connection, one
 * statement, the 2 s the client gives the server's statement timeout before giving up itself
 * (src/database/data-source.ts), and 1.5 s for scheduling on a shared 2-core machine.
 */
const BOUND_MS = CONNECT_TIMEOUT_MS + STATEMENT_TIMEOUT_MS + 2000 + 1500;

/** What a till may see while the database fails: a 2xx, or 503 `unavailable` (safe to retry), within the bound. */
function outageContract(violations: string[]) {
  return (award: Award, o: HttpOutcome) => {
    if (o.kind !== 'answer') return void violations.push(`${award.ref}: ${o.error} after ${o.ms} ms`);
    if (o.ms > BOUND_MS) violations.push(`${award.ref}: ${o.status} after ${o.ms} ms`);
    if (o.status < 300) return;
    if (o.status !== 503 || o.body?.error?.code !== 'unavailable' || o.headers['retry-after'] !== '1') violations.push(`${award.ref}: ${o.status} ${o.text}`);
  };
}

describe('database outages under load (the service reaches PostgreSQL through a proxy the test controls)', () => {
  let proxy: TcpProxy;
  let service: ServiceProcess;
  let port: number;
  let db: Awaited<ReturnType<typeof openDatabase>>;

  const get = (path: string) => call(port, { method: 'GET', path, timeoutMs: BOUND_MS + 2000 });
  const status = (o: HttpOutcome) => (o.kind === 'answer' ? o.status : o.error);
  const untilAcknowledged = async (load: AwardLoad, n: number) => {
    while (load.acknowledged.size < n && load.unacknowledged().length) await sleep(2);
  };
  const serviceErrors = () => service.text.split('\n').filter((line) => /"level":(50|60)/.test(line));

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl());
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    target.hostname = '127.0.0.1';
    target.port = String(await proxy.open());
    port = await freePort();
    service = startService(port, {
      DATABASE_URL: target.toString(),
      DB_CONNECTION_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    });
    await service.listening();
    db = await openDatabase(); // straight to PostgreSQL, not through the proxy
  });

  afterAll(async () => {
    await service?.kill('SIGKILL');
    await proxy?.cut();
    await db?.close();
  });

  it('answers 2xx or 503 unavailable within the bound while the database is cut off, reports not ready, and recovers by itself', async () => {
    const org = await seedOrganization(port, 12);
    const violations: string[] = [];
    const awards = plannedAwards(`outage-${Date.now()}`, org.codes, 240);
    const load = new AwardLoad({
      port,
      key: org.key,
      awards,
      concurrency: 8,
      retry: true,
      deadlineMs: 45_000,
      requestTimeoutMs: BOUND_MS + 2000,
      onOutcome: outageContract(violations),
    });
    const running = load.run();

    await untilAcknowledged(load, 60);
    await proxy.cut();
    const [ready, health] = await Promise.all([get('/readyz'), get('/healthz')]);
    expect(ready.kind === 'answer' && [ready.status, ready.body.error.code, ready.ms < BOUND_MS]).toEqual([503, 'unavailable', true]);
    expect(status(health)).toBe(200); // the process is fine; only its database is away
    await sleep(1500); // the tills keep retrying into the outage meanwhile
    const acknowledgedDuringOutage = load.acknowledged.size;

    await proxy.open();
    expect(await eventually(async () => status(await get('/readyz')) === 200, 10_000)).toBe(true);
    await running;

    const story = { outcomes: load.tally(), acknowledgedBeforeRestore: acknowledgedDuringOutage };
    expect({ ...story, violations, unacknowledged: load.unacknowledged(), rejected: load.rejected }).toEqual({
      ...story,
      violations: [],
      unacknowledged: [],
      rejected: [],
    });
    expect(story.outcomes['503']).toBeGreaterThan(0);
    expect(serviceErrors()).toEqual([]);
    await expectRecordedExactlyOnce(db.database, org.id, org.codes, awards, load.acknowledged);
    await expectLedgerSound(db.database, org.id);
  }, 60_000);

  it('answers 2xx or 503 unavailable within the bound while the database is silent (a partition), and recovers by itself', async () => {
    const org = await seedOrganization(port, 12);
    const violations: string[] = [];
    const awards = plannedAwards(`partition-${Date.now()}`, org.codes, 240);
    const load = new AwardLoad({
      port,
      key: org.key,
      awards,
      concurrency: 8,
      retry: true,
      deadlineMs: 45_000,
      requestTimeoutMs: BOUND_MS + 2000,
      onOutcome: outageContract(violations),
    });
    const running = load.run();

    await untilAcknowledged(load, 60);
    // Nothing is refused, nothing arrives: requests in flight wait for the client's read timeout,
    // new connections for the connection timeout. It lasts two read timeouts, so a request that
    // waited out a second one (a ROLLBACK on the silent connection) would overrun the bound.
    const partitionedAt = Date.now();
    proxy.partition();
    const [ready, health] = await Promise.all([get('/readyz'), get('/healthz')]);
    expect(ready.kind === 'answer' && [ready.status, ready.body.error.code, ready.ms < BOUND_MS]).toEqual([503, 'unavailable', true]);
    expect(status(health)).toBe(200);
    await sleep(partitionedAt + 2 * (STATEMENT_TIMEOUT_MS + 2000) + 500 - Date.now());
    proxy.heal();
    expect(await eventually(async () => status(await get('/readyz')) === 200, 10_000)).toBe(true);
    await running;

    const story = { outcomes: load.tally(), slowest: Math.max(...[...load.outcomes.values()].flat().map((o) => o.ms)) };
    expect({ ...story, violations, unacknowledged: load.unacknowledged(), rejected: load.rejected }).toEqual({
      ...story,
      violations: [],
      unacknowledged: [],
      rejected: [],
    });
    expect(story.outcomes['503']).toBeGreaterThan(0);
    expect(serviceErrors()).toEqual([]);
    await expectRecordedExactlyOnce(db.database, org.id, org.codes, awards, load.acknowledged);
    await expectLedgerSound(db.database, org.id);
  }, 60_000);

  it('answers 2xx or 503 unavailable within the bound when its backends are terminated under load, and carries on without a restart', async () => {
    const org = await seedOrganization(port, 12);
    const violations: string[] = [];
    const awards = plannedAwards(`terminate-${Date.now()}`, org.codes, 240);
    const load = new AwardLoad({
      port,
      key: org.key,
      awards,
      concurrency: 8,
      retry: true,
      deadlineMs: 45_000,
      requestTimeoutMs: BOUND_MS + 2000,
      onOutcome: outageContract(violations),
    });
    const running = load.run();

    // Only the backends of the service under test: its application_name, this database, and the
    // client ports of the proxy's connections (other suites' apps share the name and the database).
    const terminated: number[] = [];
    for (const at of [40, 100, 160]) {
      await untilAcknowledged(load, at);
      const { rows } = await db.database.query(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE application_name = 'loyalpanther' AND datname = current_database() AND client_port = ANY($1::int[])`,
        [proxy.upstreamPorts()],
      );
      terminated.push(rows[0].n);
    }
    await running;

    const story = { terminated, outcomes: load.tally() };
    expect({ ...story, violations, unacknowledged: load.unacknowledged(), rejected: load.rejected }).toEqual({
      ...story,
      violations: [],
      unacknowledged: [],
      rejected: [],
    });
    expect(terminated.every((n) => n > 0)).toBe(true);
    expect(status(await get('/readyz'))).toBe(200);
    expect(serviceErrors()).toEqual([]);
    await expectRecordedExactlyOnce(db.database, org.id, org.codes, awards, load.acknowledged);
    await expectLedgerSound(db.database, org.id);
  }, 60_000);
});
