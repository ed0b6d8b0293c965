import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { admin, createOrganization, pos, TEST_ADMIN_TOKEN } from './support/fixtures';
import { PosProbeModule } from './support/pos-probe.module';
import { startTestApp, TestApp } from './support/test-app';

const ADMIN_UNAUTHORIZED = { error: { code: 'unauthorized', message: 'Invalid or missing admin token.' } };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Every admin route this step adds, with a body where it takes one. */
const routes = (org: string, key: string): Array<[string, string, object?]> => [
  ['post', '/organizations', { name: 'x' }],
  ['get', `/organizations/${org}`],
  ['patch', `/organizations/${org}`, { name: 'y' }],
  ['post', `/organizations/${org}/api-keys`, { name: 'z' }],
  ['get', `/organizations/${org}/api-keys`],
  ['delete', `/organizations/${org}/api-keys/${key}`],
];

function call(t: TestApp, [method, path, body]: [string, string, object?], authorization?: string) {
  let req = (request(t.server) as any)[method](`/api/admin/v1${path}`);
  if (authorization !== undefined) req = req.set('authorization', authorization);
  return body ? req.send(body) : req;
}

describe('Admin API: organizations and API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ extraModules: [PosProbeModule] });
  });
  afterAll(() => t.close());

  describe('the admin token', () => {
    it('answers 401 to every admin route without a token, with a wrong one, or another scheme', async () => {
      const org = await createOrganization(t);
      const keys = await admin(t).get(`/organizations/${org.id}/api-keys`).expect(200);
      for (const route of routes(org.id, keys.body.api_keys[0].id)) {
        for (const authorization of [
          undefined,
          `Bearer ${TEST_ADMIN_TOKEN}x`,
          `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}`,
          'Bearer ',
          `Basic ${TEST_ADMIN_TOKEN}`,
          TEST_ADMIN_TOKEN,
        ]) {
          const res = await call(t, route, authorization);
          expect({ route, authorization, status: res.status, body: res.body }).toEqual({ route, authorization, status: 401, body: ADMIN_UNAUTHORIZED });
        }
      }
      // Nothing happened: the key is still there and not revoked.
      const after = await admin(t).get(`/organizations/${org.id}/api-keys`).expect(200);
      expect(after.body.api_keys[0].revoked_at).toBeNull();
    });

    it('does not accept a POS API key on the admin API', async () => {
      const org = await createOrganization(t);
      await request(t.server).get(`/api/admin/v1/organizations/${org.id}`).set('authorization', `Bearer ${org.key}`).expect(401);
    });

    it('answers 401 to every admin route when ADMIN_TOKEN is not configured (blank counts as unset)', async () => {
      const org = await createOrganization(t);
      const unset = await startTestApp({ env: { ADMIN_TOKEN: '' } });
      try {
        for (const route of routes(org.id, randomUUID())) {
          for (const authorization of [undefined, `Bearer ${TEST_ADMIN_TOKEN}`, 'Bearer ', 'Bearer undefined']) {
            const res = await call(unset, route, authorization);
            expect({ route, status: res.status, body: res.body }).toEqual({ route, status: 401, body: ADMIN_UNAUTHORIZED });
          }
        }
      } finally {
        await unset.close();
      }
    });
  });

  describe('organizations', () => {
    it('creates one with the defaults: earn_rate 1, timezone UTC', async () => {
      const res = await admin(t).post('/organizations', { name: 'Le Petit Café' }).expect(201);
      expect(res.body).toEqual({
        organization: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          name: 'Le Petit Café',
          earn_rate: 1,
          timezone: 'UTC',
          refund_policy: 'floor_at_zero',
          points_expire_after_days: null,
          created_at: expect.stringMatching(ISO),
          updated_at: expect.stringMatching(ISO),
        },
      });
    });

    it('accepts earn_rate as a number or a string and returns it as an exact number', async () => {
      const a = await admin(t).post('/organizations', { name: 'A', earn_rate: 1.15, timezone: 'Europe/Paris' }).expect(201);
      expect(a.body.organization).toEqual(expect.objectContaining({ earn_rate: 1.15, timezone: 'Europe/Paris' }));
      const b = await admin(t).post('/organizations', { name: 'B', earn_rate: '2.5000' }).expect(201);
      expect(b.body.organization.earn_rate).toBe(2.5);
      const c = await admin(t).post('/organizations', { name: 'C', earn_rate: '0.0001' }).expect(201);
      expect(c.body.organization.earn_rate).toBe(0.0001);
    });

    it('stores the canonical spelling of a time zone', async () => {
      const res = await admin(t).post('/organizations', { name: 'Tz', timezone: 'america/new_york' }).expect(201);
      expect(res.body.organization.timezone).toBe('America/New_York');
    });

    it('ignores unknown fields', async () => {
      const id = randomUUID();
      const res = await admin(t).post('/organizations', { name: 'Extra', id, created_at: '2000-01-01T00:00:00.000Z' }).expect(201);
      expect(res.body.organization.id).not.toBe(id);
      expect(res.body.organization.created_at).not.toBe('2000-01-01T00:00:00.000Z');
    });

    it.each([
      ['earn_rate with 5 decimals', { name: 'x', earn_rate: 1.23456 }, 'earn_rate'],
      ['earn_rate string with 5 decimals', { name: 'x', earn_rate: '1.23456' }, 'earn_rate'],
      ['negative earn_rate', { name: 'x', earn_rate: -1 }, 'earn_rate'],
      ['zero earn_rate', { name: 'x', earn_rate: 0 }, 'earn_rate'],
      ['earn_rate "abc"', { name: 'x', earn_rate: 'abc' }, 'earn_rate'],
      ['earn_rate in exponent form', { name: 'x', earn_rate: '1e2' }, 'earn_rate'],
      ['earn_rate above 1000', { name: 'x', earn_rate: 1000.0001 }, 'earn_rate'],
      ['null earn_rate', { name: 'x', earn_rate: null }, 'earn_rate'],
      ['an unknown time zone', { name: 'x', timezone: 'Mars/Olympus' }, 'timezone'],
      ['a time zone that is not IANA', { name: 'x', timezone: 'CEST+2' }, 'timezone'],
      ['no name', {}, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name over 200 characters', { name: 'n'.repeat(201) }, 'name'],
      ['a name that is not a string', { name: 42 }, 'name'],
    ])('refuses %s with 400 invalid_request naming the field', async (_, body, field) => {
      const res = await admin(t).post('/organizations', body).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('accepts a name of exactly 200 characters', async () => {
      await admin(t)
        .post('/organizations', { name: 'n'.repeat(200) })
        .expect(201);
    });

    it('reads one back', async () => {
      const created = await admin(t).post('/organizations', { name: 'Read me', earn_rate: '1.5', timezone: 'Asia/Tokyo' }).expect(201);
      const res = await admin(t).get(`/organizations/${created.body.organization.id}`).expect(200);
      expect(res.body).toEqual(created.body);
    });

    it('updates any of name, earn_rate and timezone, leaving the others', async () => {
      const created = (await admin(t).post('/organizations', { name: 'Before', earn_rate: 2, timezone: 'UTC' }).expect(201)).body.organization;
      const renamed = (await admin(t).patch(`/organizations/${created.id}`, { name: 'After' }).expect(200)).body.organization;
      expect(renamed).toEqual({ ...created, name: 'After', updated_at: expect.stringMatching(ISO) });
      expect(Date.parse(renamed.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
      const rated = (await admin(t).patch(`/organizations/${created.id}`, { earn_rate: '1.15' }).expect(200)).body.organization;
      expect(rated).toEqual(expect.objectContaining({ name: 'After', earn_rate: 1.15, timezone: 'UTC' }));
      const zoned = (await admin(t).patch(`/organizations/${created.id}`, { timezone: 'Europe/Paris', earn_rate: 3 }).expect(200)).body.organization;
      expect(zoned).toEqual(expect.objectContaining({ name: 'After', earn_rate: 3, timezone: 'Europe/Paris' }));
      const unchanged = (await admin(t).patch(`/organizations/${created.id}`, {}).expect(200)).body.organization;
      expect(unchanged).toEqual(zoned);
      expect((await admin(t).get(`/organizations/${created.id}`).expect(200)).body.organization).toEqual(zoned);
    });

    it.each([
      [{ earn_rate: 1.23456 }, 'earn_rate'],
      [{ earn_rate: -1 }, 'earn_rate'],
      [{ earn_rate: 'abc' }, 'earn_rate'],
      [{ earn_rate: null }, 'earn_rate'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ name: '' }, 'name'],
      [{ name: null }, 'name'],
    ])('refuses the update %p with 400 and changes nothing', async (body, field) => {
      const created = (await admin(t).post('/organizations', { name: 'Stable', earn_rate: 2 }).expect(201)).body.organization;
      const res = await admin(t).patch(`/organizations/${created.id}`, body).expect(400);
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect((await admin(t).get(`/organizations/${created.id}`).expect(200)).body.organization).toEqual(created);
    });
  });

  describe('API keys', () => {
    it('issues a key shown once: lp_live_ + lookup id + secret', async () => {
      const org = (await admin(t).post('/organizations', { name: 'Keys' }).expect(201)).body.organization;
      const res = await admin(t).post(`/organizations/${org.id}/api-keys`, { name: 'till 1' }).expect(201);
      expect(res.body).toEqual({
        api_key: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          name: 'till 1',
          key: expect.stringMatching(/^lp_live_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/),
          prefix: res.body.api_key.key.slice(0, 20),
          created_at: expect.stringMatching(ISO),
          revoked_at: null,
        },
      });
    });

    it('lists keys without their secrets or hashes', async () => {
      const org = (await admin(t).post('/organizations', { name: 'List' }).expect(201)).body.organization;
      const one = (await admin(t).post(`/organizations/${org.id}/api-keys`, { name: 'till 1' }).expect(201)).body.api_key;
      const two = (await admin(t).post(`/organizations/${org.id}/api-keys`, { name: 'web shop' }).expect(201)).body.api_key;
      const res = await admin(t).get(`/organizations/${org.id}/api-keys`).expect(200);
      expect(res.body).toEqual({
        api_keys: [one, two].map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, created_at: k.created_at, revoked_at: null })),
      });
      for (const k of [one, two]) {
        expect(res.text).not.toContain(k.key);
        expect(res.text).not.toContain(k.key.slice(21)); // the secret part
      }
      expect(res.text).not.toMatch(/\$2[aby]\$/); // no bcrypt hash
    });

    it('revokes a key with 204: it shows revoked_at, and revoking again changes nothing', async () => {
      const org = await createOrganization(t);
      const [key] = (await admin(t).get(`/organizations/${org.id}/api-keys`).expect(200)).body.api_keys;
      const res = await admin(t).delete(`/organizations/${org.id}/api-keys/${key.id}`).expect(204);
      expect(res.text).toBe('');
      const [revoked] = (await admin(t).get(`/organizations/${org.id}/api-keys`).expect(200)).body.api_keys;
      expect(revoked.revoked_at).toMatch(ISO);
      await admin(t).delete(`/organizations/${org.id}/api-keys/${key.id}`).expect(204);
      const [again] = (await admin(t).get(`/organizations/${org.id}/api-keys`).expect(200)).body.api_keys;
      expect(again.revoked_at).toBe(revoked.revoked_at);
    });

    it.each([[{}], [{ name: '' }], [{ name: '  ' }], [{ name: 'k'.repeat(201) }], [{ name: 7 }]])('refuses the key body %p with 400', async (body) => {
      const org = (await admin(t).post('/organizations', { name: 'Bad key' }).expect(201)).body.organization;
      const res = await admin(t).post(`/organizations/${org.id}/api-keys`, body).expect(400);
      expect(res.body.error.details.length).toBeGreaterThan(0);
      expect(res.body.error.details.every((d: any) => d.field === 'name')).toBe(true);
    });
  });

  describe('unknown ids: 404 not_found, never another organization’s data', () => {
    let a: { id: string; key: string; keyId: string };
    let b: { id: string; key: string; keyId: string };
    beforeAll(async () => {
      const make = async (name: string) => {
        const org = await createOrganization(t, { name });
        const keyId = (await admin(t).get(`/organizations/${org.id}/api-keys`).expect(200)).body.api_keys[0].id;
        return { ...org, keyId };
      };
      a = await make('Org A');
      b = await make('Org B');
    });

    const notFound = (res: request.Response) => expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 404, code: 'not_found' });

    it.each([
      ['a random uuid', () => randomUUID()],
      ['a malformed id', () => 'not-a-uuid'],
      ['an id with SQL', () => "1' OR '1'='1"],
    ])('answers 404 on every organization route for %s', async (_, id) => {
      const org = encodeURIComponent(id());
      notFound(await admin(t).get(`/organizations/${org}`));
      notFound(await admin(t).patch(`/organizations/${org}`, { name: 'x' }));
      notFound(await admin(t).post(`/organizations/${org}/api-keys`, { name: 'x' }));
      notFound(await admin(t).get(`/organizations/${org}/api-keys`));
      notFound(await admin(t).delete(`/organizations/${org}/api-keys/${a.keyId}`));
    });

    it('answers 404 for an unknown or malformed key id', async () => {
      notFound(await admin(t).delete(`/organizations/${a.id}/api-keys/${randomUUID()}`));
      notFound(await admin(t).delete(`/organizations/${a.id}/api-keys/nope`));
    });

    it("answers 404 when one organization's path names another's key, and leaves the key alone", async () => {
      notFound(await admin(t).delete(`/organizations/${b.id}/api-keys/${a.keyId}`));
      const listed = (await admin(t).get(`/organizations/${b.id}/api-keys`).expect(200)).body.api_keys;
      expect(listed.map((k: any) => k.id)).toEqual([b.keyId]);
      const aKeys = (await admin(t).get(`/organizations/${a.id}/api-keys`).expect(200)).body.api_keys;
      expect(aKeys[0].revoked_at).toBeNull();
      expect((await pos(t, a.key).get('/__probe/whoami').expect(200)).body.organization_id).toBe(a.id);
    });
  });
});
