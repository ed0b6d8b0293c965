import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { loadConfig } from '../src/config/app-config';
import { DatabaseConnection } from '../src/database/database-connection';
import { HTTP_BUCKETS, Metrics } from '../src/metrics/metrics';
import { MetricsListener } from '../src/metrics/metrics-listener';
import { generateApiKey } from '../src/modules/api-keys/api-key-format';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { httpGet, Scrape, scrape } from './support/metrics-scrape';
import { startTestApp, TestApp, testDatabaseUrl } from './support/test-app';
import { createScratchDatabase, freePort, TestDatabase } from './support/test-database';

const REQUESTS = 'loyalpanther_http_requests_total';
const ERRORS = 'loyalpanther_http_errors_total';
const COMMANDS = 'loyalpanther_commands_total';
const byCode = (value: string) => ({ type: 'loyalty_code', value });

/**
 * The metrics as Prometheus scrapes them, from the real app on its own metrics listener: known
 * traffic, then one scrape, and the counts that traffic implies. A database of its own, so that
 * the ledger sequencer's lag (a count over every organization) is this spec's alone.
 */
describe('Prometheus metrics', () => {
  let scratch: TestDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase('loyalpanther_test_metrics', testDatabaseUrl());
    const connection = await DatabaseConnection.open(loadConfig({ DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
    await connection.close();
  });
  afterAll(() => scratch?.drop());

  /** The app on the scratch database, with its metrics listener on a free port, as `serve()` opens it. */
  async function startWithListener(env: Record<string, string> = {}) {
    const routes: string[] = [];
    const t = await startTestApp({
      databaseUrl: scratch.url,
      env,
      beforeInit: (app) =>
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('onRoute', (route) => void routes.push(route.url)),
    });
    const metrics = t.app.get(Metrics);
    const listener = (await MetricsListener.open(
      '127.0.0.1',
      await freePort(),
      { contentType: metrics.registry.contentType, text: () => metrics.text() },
      pino({ level: 'silent' }),
    ))!;
    return { t, routes, listener, close: () => Promise.all([t.close(), listener.close()]) };
  }

  describe('after known traffic', () => {
    let served: Awaited<ReturnType<typeof startWithListener>>;
    let t: TestApp;
    let org: TestOrganization;
    let code: string;
    const email = 'sophie.metrics@example.com';
    const strayKey = generateApiKey().key;
    let after: Scrape;

    beforeAll(async () => {
      served = await startWithListener({ DB_POOL_SIZE: '7' });
      t = served.t;
      org = await createOrganization(t);
      const reward = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Espresso machine', points_cost: 100000 }).expect(201)).body.reward;

      code = (await pos(t, org.key).post('/customers', { name: 'Sophie', email }).expect(201)).body.customer.loyalty_code;
      await pos(t, org.key).post('/customers', { name: 'Sophie again', email }).expect(200);
      await pos(t, org.key).get(`/customers/${code}`).expect(200);
      await pos(t, org.key).get(`/customers/${code.toLowerCase()}`).expect(200);
      await pos(t, org.key)
        .get(`/customers?email=${encodeURIComponent(email)}`)
        .expect(200);
      await pos(t, org.key).get('/customers/DEADBEEF').expect(404);
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 2500 })
        .expect(201);
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode('DEADBEEF'), amount_cents: 2500 })
        .expect(404);
      await pos(t, org.key)
        .post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
        .expect(422);
      await request(t.server).get(`/api/v1/customers/${code}/${email}`).set('authorization', `Bearer ${org.key}`).expect(404);
      await request(t.server).get('/api/v1/rewards').set('authorization', `Bearer ${strayKey}`).expect(401);
      await request(t.server).get('/healthz').expect(200);

      after = await scrape(served.listener.port);
    });
    afterAll(() => served.close());

    it('counts requests by route template, method and status', () => {
      expect(after.value(REQUESTS, { route: '/api/v1/customers', method: 'POST', status: '201' })).toBe(1);
      expect(after.value(REQUESTS, { route: '/api/v1/customers', method: 'POST', status: '200' })).toBe(1);
      expect(after.value(REQUESTS, { route: '/api/v1/customers/:code', method: 'GET', status: '200' })).toBe(2);
      expect(after.value(REQUESTS, { route: '/api/v1/customers/:code', method: 'GET', status: '404' })).toBe(1);
      expect(after.value(REQUESTS, { route: '/api/v1/customers', method: 'GET', status: '200' })).toBe(1);
      expect(after.value(REQUESTS, { route: '/api/v1/transactions', method: 'POST', status: '201' })).toBe(1);
      expect(after.value(REQUESTS, { route: '/api/v1/transactions', method: 'POST', status: '404' })).toBe(1);
      expect(after.value(REQUESTS, { route: '/api/v1/redemptions', method: 'POST', status: '422' })).toBe(1);
      expect(after.value(REQUESTS, { route: '/api/v1/rewards', method: 'GET', status: '401' })).toBe(1);
      expect(after.value(REQUESTS, { route: '/healthz', method: 'GET', status: '200' })).toBe(1);
      // A path no route matched is one label value, whatever it was.
      expect(after.value(REQUESTS, { route: 'unmatched' })).toBe(1);
    });

    it('times requests in a histogram of 1 ms to 2.5 s, per route template and method', () => {
      const buckets = after.matching('loyalpanther_http_request_duration_seconds_bucket', { route: '/api/v1/customers/:code', method: 'GET' });
      expect(buckets.map((b) => b.labels.le)).toEqual([...HTTP_BUCKETS.map(String), '+Inf']);
      expect(buckets[buckets.length - 1].value).toBe(3);
      expect(after.value('loyalpanther_http_request_duration_seconds_count', { route: '/api/v1/customers/:code', method: 'GET' })).toBe(3);
      expect(after.value('loyalpanther_http_request_duration_seconds_sum', { route: '/api/v1/customers/:code', method: 'GET' })).toBeGreaterThan(0);
    });

    it('counts error envelopes by code', () => {
      expect(after.value(ERRORS, { code: 'customer_not_found' })).toBe(2);
      expect(after.value(ERRORS, { code: 'insufficient_points' })).toBe(1);
      expect(after.value(ERRORS, { code: 'not_found' })).toBe(1);
      expect(after.value(ERRORS, { code: 'unauthorized' })).toBe(1);
      expect(after.matching(ERRORS).every((s) => Object.keys(s.labels).join() === 'code')).toBe(true);
    });

    it('counts commands by type and outcome: ok, or the error code answered', () => {
      expect(after.value(COMMANDS, { command: 'register_customer', outcome: 'ok' })).toBe(2);
      expect(after.value(COMMANDS, { command: 'award_points', outcome: 'ok' })).toBe(1);
      expect(after.value(COMMANDS, { command: 'award_points', outcome: 'customer_not_found' })).toBe(1);
      expect(after.value(COMMANDS, { command: 'redeem_reward', outcome: 'insufficient_points' })).toBe(1);
      expect(after.value('loyalpanther_command_duration_seconds_count', { command: 'register_customer' })).toBe(2);
    });

    it('reports the pool: its size, open, idle and waiting connections, and time spent waiting', () => {
      expect(after.value('loyalpanther_db_pool_max_connections')).toBe(7);
      expect(after.value('loyalpanther_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(after.value('loyalpanther_db_pool_connections')).toBeLessThanOrEqual(7);
      expect(after.has('loyalpanther_db_pool_idle_connections')).toBe(true);
      expect(after.value('loyalpanther_db_pool_waiting_clients')).toBe(0);
      expect(after.value('loyalpanther_db_pool_wait_seconds_count')).toBeGreaterThan(10);
    });

    it("reports the ledger sequencer's lag: events written and not yet numbered, none once the feed was read", async () => {
      // Two events: the registration and the award (the second registration and the failures wrote none).
      expect(after.value('loyalpanther_ledger_unsequenced_events')).toBe(2);
      expect(after.value('loyalpanther_ledger_oldest_unsequenced_event_age_seconds')).toBeGreaterThanOrEqual(0);
      await admin(t).get(`/organizations/${org.id}/ledger`).expect(200);
      const read = await scrape(served.listener.port);
      expect(read.value('loyalpanther_ledger_unsequenced_events')).toBe(0);
      expect(read.value('loyalpanther_ledger_oldest_unsequenced_event_age_seconds')).toBe(0);
    });

    it("reports prom-client's process metrics", () => {
      for (const name of [
        'process_cpu_user_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_heap_size_used_bytes',
        'nodejs_eventloop_lag_p99_seconds',
      ]) {
        expect({ name, present: after.has(name) }).toEqual({ name, present: true });
      }
    });

    it('carries no loyalty code, email, key or raw path in any label value: routes are templates or "unmatched"', () => {
      const values = after.labelValues();
      const secrets = [
        code,
        code.toLowerCase(),
        email,
        org.key,
        strayKey,
        'DEADBEEF',
        ...org.key.split('_').filter((p) => p.length >= 8),
        ...strayKey.split('_').filter((p) => p.length >= 8),
      ];
      for (const secret of secrets) expect(values.filter((v) => v.toLowerCase().includes(secret.toLowerCase()))).toEqual([]);
      const routeValues = new Set(after.samples.map((s) => s.labels.route).filter((r) => r !== undefined));
      for (const route of routeValues) expect(served.routes.concat('unmatched')).toContain(route);
    });

    it('is served on the metrics listener only: the main port answers /metrics as an unknown route', async () => {
      const res = await request(t.server).get('/metrics').expect(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
      expect(res.text).not.toContain('loyalpanther_');
      const listener = await httpGet(served.listener.port, '/metrics');
      expect(listener.status).toBe(200);
      expect(listener.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    });

    it('answers any other path of the metrics listener with the 404 envelope', async () => {
      const res = await httpGet(served.listener.port, '/api/v1/customers');
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    });

    it('names in the shipped alert rules only metrics that the service reports', () => {
      const rules = readFileSync(join(__dirname, '..', 'docker', 'prometheus', 'alerts.yml'), 'utf8');
      const names = new Set([...rules.matchAll(/\b(loyalpanther_[a-z_]+)/g)].map((m) => m[1]));
      expect(names.size).toBeGreaterThan(3);
      for (const name of names) expect({ name, reported: after.has(name) }).toEqual({ name, reported: true });
    });
  });

  describe('rate-limit refusals', () => {
    let served: Awaited<ReturnType<typeof startWithListener>>;
    beforeAll(async () => {
      served = await startWithListener({ RATE_LIMIT_PER_MINUTE: '2' });
    });
    afterAll(() => served.close());

    it('are counted by the limit that refused: the API key, or the address for failed authentications', async () => {
      const org = await createOrganization(served.t);
      for (const status of [200, 200, 429]) await pos(served.t, org.key).get('/rewards').expect(status);
      for (const status of [401, 401, 429])
        await request(served.t.server).get('/api/v1/rewards').set('authorization', `Bearer ${generateApiKey().key}`).expect(status);
      const after = await scrape(served.listener.port);
      expect(after.value('loyalpanther_rate_limit_refusals_total', { limit: 'api_key' })).toBe(1);
      expect(after.value('loyalpanther_rate_limit_refusals_total', { limit: 'address' })).toBe(1);
      expect(after.value(ERRORS, { code: 'rate_limited' })).toBe(2);
    });
  });

  describe('the points expiry job', () => {
    it('reports what is due and how long it has waited, then the run that expired it', async () => {
      // The scratch database is this spec's alone, so a job running here expires nothing of other specs.
      const first = await startWithListener({ EXPIRY_INTERVAL_S: '0' });
      try {
        const org = await createOrganization(first.t, { points_expire_after_days: 1 });
        const code = (await pos(first.t, org.key).post('/customers', { name: 'Lapsing' }).expect(201)).body.customer.loyalty_code;
        const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
        await pos(first.t, org.key)
          .post('/transactions', { identifier: byCode(code), amount_cents: 1000, occurred_at: twoDaysAgo })
          .expect(201);
        const due = await scrape(first.listener.port);
        expect(due.value('loyalpanther_expiry_due_customers')).toBe(1);
        expect(due.value('loyalpanther_expiry_oldest_due_age_seconds')).toBeGreaterThan(0);
        expect(due.has('loyalpanther_expiry_last_run_timestamp_seconds')).toBe(false);
      } finally {
        await first.close();
      }
      const second = await startWithListener({ EXPIRY_INTERVAL_S: '1' });
      try {
        let after = await scrape(second.listener.port);
        for (const deadline = Date.now() + 10_000; !after.has('loyalpanther_expiry_last_run_timestamp_seconds') && Date.now() < deadline;) {
          await new Promise((r) => setTimeout(r, 200));
          after = await scrape(second.listener.port);
        }
        expect(after.value('loyalpanther_expiry_last_run_timestamp_seconds', { outcome: 'ok' })).toBeGreaterThan(Date.now() / 1000 - 60);
        expect(after.value('loyalpanther_expired_lots_total')).toBe(1);
        expect(after.value('loyalpanther_expiry_due_customers')).toBe(0);
        expect(after.value('loyalpanther_expiry_oldest_due_age_seconds')).toBe(0);
      } finally {
        await second.close();
      }
    });
  });

  describe('with METRICS_PORT=0', () => {
    it('measures nothing: no hook, no wrapper, no process metrics', async () => {
      const t = await startTestApp({ databaseUrl: scratch.url, env: { METRICS_PORT: '0' } });
      try {
        const org = await createOrganization(t);
        await pos(t, org.key).post('/customers', { name: 'Off' }).expect(201);
        const metrics = t.app.get(Metrics);
        expect(metrics.enabled).toBe(false);
        const text = await metrics.text();
        for (const name of [
          REQUESTS,
          COMMANDS,
          'loyalpanther_db_pool_connections',
          'loyalpanther_ledger_unsequenced_events',
          'process_cpu_user_seconds_total',
        ]) {
          expect(new Scrape(text).has(name)).toBe(false);
        }
      } finally {
        await t.close();
      }
    });
  });
});
