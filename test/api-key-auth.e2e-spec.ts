import request from 'supertest';
import { generateApiKey, parseApiKey } from '../src/modules/api-keys/api-key-format';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { pgDump, textDumpOfAllTables } from './support/pg-dump';
import { PosProbeModule } from './support/pos-probe.module';
import { startTestApp, testDatabaseUrl, TestApp } from './support/test-app';

const UNAUTHORIZED = { error: { code: 'unauthorized', message: 'Invalid or missing API key.' } };
const WHOAMI = '/api/v1/__probe/whoami';

const keyIdOf = async (t: TestApp, org: TestOrganization) => (await admin(t).get(`/organizations/${org.id}/api-keys`).expect(200)).body.api_keys[0].id;

describe('POS API authentication with API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ extraModules: [PosProbeModule] });
  });
  afterAll(() => t.close());

  it('lets a valid key through and tells the route its organization and key', async () => {
    const org = await createOrganization(t);
    const keyId = await keyIdOf(t, org);
    const res = await pos(t, org.key).get('/__probe/whoami').expect(200);
    expect(res.body).toEqual({ organization_id: org.id, api_key_id: keyId });
  });

  it('answers every kind of bad credentials with the same 401 body', async () => {
    const org = await createOrganization(t);
    const revoked = await createOrganization(t);
    await pos(t, revoked.key).get('/__probe/whoami').expect(200); // warm: verified and cached
    await admin(t)
      .delete(`/organizations/${revoked.id}/api-keys/${await keyIdOf(t, revoked)}`)
      .expect(204);
    const { lookupId } = parseApiKey(org.key)!;
    const cases: Record<string, string | undefined> = {
      'missing header': undefined,
      'empty header': '',
      'Bearer without a token': 'Bearer ',
      'other scheme (Basic)': `Basic ${Buffer.from(`user:${org.key}`).toString('base64')}`,
      'the key without a scheme': org.key,
      'malformed key': 'Bearer lp_live_abc',
      'a key with a test prefix': `Bearer ${org.key.replace('lp_live_', 'lp_test_')}`,
      'a truncated key': `Bearer ${org.key.slice(0, -1)}`,
      'two tokens': `Bearer ${org.key} ${org.key}`,
      'unknown lookup id': `Bearer ${generateApiKey().key}`,
      'wrong secret for a known lookup id': `Bearer lp_live_${lookupId}_${generateApiKey().secret}`,
      'revoked key': `Bearer ${revoked.key}`,
    };
    for (const [name, authorization] of Object.entries(cases)) {
      let req = request(t.server).get(WHOAMI);
      if (authorization !== undefined) req = req.set('authorization', authorization);
      const res = await req;
      expect({ name, status: res.status, body: res.body }).toEqual({ name, status: 401, body: UNAUTHORIZED });
    }
    // The right key still works after all that.
    await pos(t, org.key).get('/__probe/whoami').expect(200);
  });

  it('refuses a wrong secret for a key that is warm in the cache', async () => {
    const org = await createOrganization(t);
    await pos(t, org.key).get('/__probe/whoami').expect(200);
    const { lookupId } = parseApiKey(org.key)!;
    const res = await request(t.server).get(WHOAMI).set('authorization', `Bearer lp_live_${lookupId}_${generateApiKey().secret}`).expect(401);
    expect(res.body).toEqual(UNAUTHORIZED);
  });

  it('scopes each key to its own organization', async () => {
    const a = await createOrganization(t, { name: 'Org A' });
    const b = await createOrganization(t, { name: 'Org B' });
    expect((await pos(t, b.key).get('/__probe/whoami').expect(200)).body).toEqual({ organization_id: b.id, api_key_id: await keyIdOf(t, b) });
    expect((await pos(t, a.key).get('/__probe/whoami').expect(200)).body).toEqual({ organization_id: a.id, api_key_id: await keyIdOf(t, a) });
  });

  it('serves many concurrent requests with one cold key', async () => {
    const org = await createOrganization(t);
    const results = await Promise.all(Array.from({ length: 10 }, () => pos(t, org.key).get('/__probe/whoami')));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
  });

  it('needs no key for /healthz and /readyz', async () => {
    await request(t.server).get('/healthz').expect(200);
    await request(t.server).get('/readyz').expect(200);
  });

  it('sees a revocation on a second instance on its very next request', async () => {
    const org = await createOrganization(t);
    const keyId = await keyIdOf(t, org);
    const second = await startTestApp({ extraModules: [PosProbeModule] });
    try {
      // Both instances have verified (and cached) the key.
      await pos(t, org.key).get('/__probe/whoami').expect(200);
      await pos(second, org.key).get('/__probe/whoami').expect(200);
      await pos(second, org.key).get('/__probe/whoami').expect(200);
      await admin(t).delete(`/organizations/${org.id}/api-keys/${keyId}`).expect(204);
      expect((await pos(second, org.key).get('/__probe/whoami')).body).toEqual(UNAUTHORIZED);
      expect((await pos(t, org.key).get('/__probe/whoami')).status).toBe(401);
      // Another key of the same organization is unaffected.
      const other = (await admin(t).post(`/organizations/${org.id}/api-keys`, { name: 'till 2' }).expect(201)).body.api_key.key;
      await pos(second, other).get('/__probe/whoami').expect(200);
    } finally {
      await second.close();
    }
  });

  it('keeps the key out of the database (pg_dump) and out of every log line', async () => {
    const org = await createOrganization(t, { name: 'Dumped Café' });
    const { lookupId, secret } = parseApiKey(org.key)!;
    await pos(t, org.key).get('/__probe/whoami').set('x-request-id', 'key-in-logs').expect(200);
    await request(t.server)
      .get(WHOAMI)
      .set('authorization', `Bearer lp_live_${lookupId}_${secret.slice(0, -1)}x`)
      .expect(401);
    await request(t.server).get(WHOAMI).set('authorization', `Basic ${org.key}`).expect(401);

    const url = testDatabaseUrl();
    const dump = (await pgDump(url)) ?? (await textDumpOfAllTables(url));
    if (!dump.tool.includes('pg_dump')) console.warn(`No pg_dump on this machine can dump this server version; checked with: ${dump.tool}`);
    expect(dump.text).toContain('Dumped Café'); // the dump holds the data…
    expect(dump.text).toContain(lookupId); // …including the key's row
    expect(dump.text).not.toContain(org.key);
    expect(dump.text).not.toContain(secret);

    const logs = JSON.stringify(t.logs);
    expect(logs).toContain('key-in-logs'); // the request was logged…
    expect(logs).not.toContain(secret); // …without the key
  });

  describe('on the routes whose own statement checks the key (lookups, transactions, orders)', () => {
    /** An organization with one customer, whose key has been used (so it is warm) and then revoked. */
    async function revokedWarmKey(instances: TestApp[]) {
      const org = await createOrganization(t);
      const code = (await pos(t, org.key).post('/customers', { name: 'Ann', email: 'ann@example.com' }).expect(201)).body.customer.loyalty_code;
      for (const instance of instances) {
        await pos(instance, org.key).get(`/customers/${code}`).expect(200);
        await pos(instance, org.key)
          .post('/transactions', { identifier: { type: 'loyalty_code', value: code }, amount_cents: 1000 })
          .expect(201);
      }
      await admin(t)
        .delete(`/organizations/${org.id}/api-keys/${await keyIdOf(t, org)}`)
        .expect(204);
      return { org, code };
    }

    const requests = (code: string) => {
      const ann = { type: 'loyalty_code', value: code };
      const items = [{ name: 'Tea', quantity: 1, unit_price_cents: 300 }];
      return {
        'lookup by code': (c: ReturnType<typeof pos>) => c.get(`/customers/${code}`),
        'lookup of an unknown code': (c: ReturnType<typeof pos>) => c.get('/customers/00000000'),
        'lookup of a malformed code': (c: ReturnType<typeof pos>) => c.get('/customers/not-a-code'),
        'lookup by email': (c: ReturnType<typeof pos>) => c.get('/customers?email=ann@example.com'),
        'lookup with no parameter': (c: ReturnType<typeof pos>) => c.get('/customers'),
        transaction: (c: ReturnType<typeof pos>) => c.post('/transactions', { identifier: ann, amount_cents: 1000, external_ref: 'after-revoke-1' }),
        'transaction for an unknown customer': (c: ReturnType<typeof pos>) =>
          c.post('/transactions', { identifier: { type: 'email', value: 'nobody@example.com' }, amount_cents: 1000 }),
        'transaction with an invalid body': (c: ReturnType<typeof pos>) => c.post('/transactions', { identifier: ann, amount_cents: -5 }),
        'transaction below the minimum': (c: ReturnType<typeof pos>) => c.post('/transactions', { identifier: ann, amount_cents: 1 }),
        order: (c: ReturnType<typeof pos>) => c.post('/orders', { identifier: ann, line_items: items, external_ref: 'after-revoke-2' }),
      };
    };

    // The instance that revokes a key drops it from its cache at once; another instance still holds
    // it warm, so there only the route's statement (or the interceptor) can see the revocation.
    it('answers every request of a revoked key that another instance holds warm with 401, and records nothing', async () => {
      const second = await startTestApp();
      try {
        const { org, code } = await revokedWarmKey([second]);
        const count = async () => (await t.database.query('SELECT count(*)::int AS n FROM events WHERE organization_id = $1', [org.id])).rows[0].n;
        const before = await count();
        for (const [name, send] of Object.entries(requests(code))) {
          const res = await send(pos(second, org.key));
          expect({ name, status: res.status, body: res.body }).toEqual({ name, status: 401, body: UNAUTHORIZED });
        }
        expect(await count()).toBe(before);
      } finally {
        await second.close();
      }
    });

    // Requests that arrive together share their first statement (database/batched-read.ts): each
    // row must answer for its own request's key.
    it('judges each request by its own key when requests of a revoked key and of a valid one arrive together', async () => {
      const second = await startTestApp();
      try {
        const { org: revoked, code: revokedCode } = await revokedWarmKey([second]);
        const valid = await createOrganization(t);
        const validCode = (await pos(t, valid.key).post('/customers', { name: 'Cy' }).expect(201)).body.customer.loyalty_code;
        const sends = Array.from({ length: 10 }, (_, i) => [
          pos(second, revoked.key).get(`/customers/${revokedCode}`),
          pos(second, valid.key).get(`/customers/${validCode}`),
          pos(second, revoked.key).post('/transactions', {
            identifier: { type: 'loyalty_code', value: revokedCode },
            amount_cents: 1000,
            external_ref: `together-${i}`,
          }),
          pos(second, valid.key).post('/transactions', {
            identifier: { type: 'loyalty_code', value: validCode },
            amount_cents: 1000,
            external_ref: `together-${i}`,
          }),
        ]).flat();
        const statuses = (await Promise.all(sends)).map((res) => res.status);
        expect(statuses).toEqual(Array.from({ length: 10 }, () => [401, 200, 401, 201]).flat());
        const { rows } = await t.database.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE organization_id = $1', [revoked.id]);
        expect(rows[0].n).toBe(0);
      } finally {
        await second.close();
      }
    });

    it('still serves a warm key that is not revoked, with the statement checking it', async () => {
      const org = await createOrganization(t);
      const code = (await pos(t, org.key).post('/customers', { name: 'Bo' }).expect(201)).body.customer.loyalty_code;
      for (let i = 0; i < 3; i++) await pos(t, org.key).get(`/customers/${code}`).expect(200);
      await pos(t, org.key)
        .post('/transactions', { identifier: { type: 'loyalty_code', value: code }, amount_cents: 1000 })
        .expect(201);
      await pos(t, org.key).get('/customers/00000000').expect(404);
      await pos(t, org.key)
        .post('/transactions', { identifier: { type: 'loyalty_code', value: code }, amount_cents: -1 })
        .expect(400);
    });
  });
});
