import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('customers: registration and lookups', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
    other = await createOrganization(t, { name: 'Another Shop' });
  });
  afterAll(() => t.close());

  describe('POST /api/v1/customers', () => {
    it('registers a customer with a random 8-character hex loyalty code and a zero balance', async () => {
      const res = await pos(t, org.key).post('/customers', { name: 'Sophie', email: 'sophie@example.com', birthday: '1990-05-01' }).expect(201);
      expect(res.body).toEqual({
        customer: { loyalty_code: expect.stringMatching(/^[0-9A-F]{8}$/), name: 'Sophie', email: 'sophie@example.com', points_balance: 0 },
        existing: false,
      });
    });

    it('returns the existing customer, unchanged, with existing: true when the email is known (200)', async () => {
      const first = await pos(t, org.key).post('/customers', { name: 'Marc', email: 'marc@example.com' }).expect(201);
      const again = await pos(t, org.key).post('/customers', { name: 'Someone Else', email: '  MARC@Example.com ' }).expect(200);
      expect(again.body).toEqual({ customer: first.body.customer, existing: true });
    });

    it('stores emails trimmed and lower-cased', async () => {
      const res = await pos(t, org.key).post('/customers', { name: 'Ana', email: '  Ana.Lopez@Example.COM ' }).expect(201);
      expect(res.body.customer.email).toBe('ana.lopez@example.com');
    });

    it('registers customers without an email, each with its own code', async () => {
      const a = await pos(t, org.key).post('/customers', { name: 'Walk-in' }).expect(201);
      const b = await pos(t, org.key).post('/customers', { name: 'Walk-in' }).expect(201);
      expect(a.body.customer.email).toBeNull();
      expect(a.body.customer.loyalty_code).not.toBe(b.body.customer.loyalty_code);
    });

    it('makes exactly one customer of 12 parallel registrations of one email', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => pos(t, org.key).post('/customers', { name: `Racer ${i}`, email: 'race@example.com' })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.customer.loyalty_code)).size).toBe(1);
      const { rows } = await t.database.query(`SELECT count(*)::int AS n FROM customer_accounts WHERE organization_id = $1 AND email = 'race@example.com'`, [
        org.id,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('records a customer.registered event in the ledger', async () => {
      const res = await pos(t, org.key).post('/customers', { name: 'Ledger Lou', email: 'lou@example.com' }).expect(201);
      const { rows } = await t.database.query(
        `SELECT e.type, e.data, e.stream_version FROM events e JOIN customer_accounts c ON c.organization_id = e.organization_id AND c.id = e.stream_id
         WHERE c.organization_id = $1 AND c.loyalty_code = $2`,
        [org.id, res.body.customer.loyalty_code],
      );
      expect(rows).toEqual([
        {
          type: 'customer.registered',
          stream_version: 1,
          data: { loyalty_code: res.body.customer.loyalty_code, name: 'Ledger Lou', email: 'lou@example.com', birthday: null },
        },
      ]);
    });

    it.each([
      ['a missing name', { email: 'x@example.com' }, 'name'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a name over 100 characters', { name: 'n'.repeat(101) }, 'name'],
      ['a name with a NUL character', { name: 'Bad\u0000Name' }, 'name'],
      ['a name that is not a string', { name: 42 }, 'name'],
      ['an invalid email', { name: 'X', email: 'not-an-email' }, 'email'],
      ['an email over 254 characters', { name: 'X', email: `${'a'.repeat(250)}@example.com` }, 'email'],
      ['a birthday that is not a real date', { name: 'X', birthday: '1990-02-30' }, 'birthday'],
      ['a birthday in another format', { name: 'X', birthday: '01/05/1990' }, 'birthday'],
      ['a birthday in the future', { name: 'X', birthday: '2999-01-01' }, 'birthday'],
    ])('refuses %s with 400 invalid_request naming the field', async (_, body, field) => {
      const res = await pos(t, org.key).post('/customers', body).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
    });

    it('ignores unknown fields and never stores them', async () => {
      const res = await pos(t, org.key).post('/customers', { name: 'Plain', points_balance: 1000000, vip: true }).expect(201);
      expect(res.body.customer.points_balance).toBe(0);
    });
  });

  describe('lookups', () => {
    let code: string;
    beforeAll(async () => {
      const res = await pos(t, org.key).post('/customers', { name: 'Lookup Lea', email: 'lea@example.com' }).expect(201);
      code = res.body.customer.loyalty_code;
    });

    it('GET /customers/:code answers balance, lifetime points, tier, next tier and expiring points', async () => {
      const res = await pos(t, org.key).get(`/customers/${code}`).expect(200);
      expect(res.body).toEqual({
        customer: { loyalty_code: code, name: 'Lookup Lea', points_balance: 0, lifetime_points: 0, tier: null, next_tier: null, expiring: null },
      });
    });

    it('answers lookups that arrive together (one shared statement) each with its own customer', async () => {
      const names = Array.from({ length: 12 }, (_, i) => `Together ${i}`);
      const codes = await Promise.all(names.map(async (name) => (await pos(t, org.key).post('/customers', { name }).expect(201)).body.customer.loyalty_code));
      const [byCode, byEmail, unknown] = await Promise.all([
        Promise.all(codes.map((c: string) => pos(t, org.key).get(`/customers/${c}`))),
        pos(t, org.key).get('/customers?email=LEA@example.com'),
        pos(t, org.key).get('/customers/00000000'),
      ]);
      expect(byCode.map((res) => [res.status, res.body.customer.name])).toEqual(names.map((name) => [200, name]));
      expect(byCode.map((res) => res.body.customer.loyalty_code)).toEqual(codes);
      expect([byEmail.status, byEmail.body.customer.name]).toEqual([200, 'Lookup Lea']);
      expect(unknown.status).toBe(404);
    });

    it('matches the loyalty code case-insensitively', async () => {
      const res = await pos(t, org.key).get(`/customers/${code.toLowerCase()}`).expect(200);
      expect(res.body.customer.loyalty_code).toBe(code);
    });

    it('GET /customers?email= matches case-insensitively', async () => {
      const res = await pos(t, org.key).get('/customers?email=LEA%40Example.com').expect(200);
      expect(res.body.customer.loyalty_code).toBe(code);
    });

    it('GET /customers?loyalty_code= finds the same customer', async () => {
      const res = await pos(t, org.key).get(`/customers?loyalty_code=${code}`).expect(200);
      expect(res.body.customer.name).toBe('Lookup Lea');
    });

    it('answers 400 without either query parameter, or with both', async () => {
      expect((await pos(t, org.key).get('/customers').expect(400)).body.error.code).toBe('invalid_request');
      expect((await pos(t, org.key).get(`/customers?email=lea@example.com&loyalty_code=${code}`).expect(400)).body.error.code).toBe('invalid_request');
    });

    it('answers 404 customer_not_found for an unknown or malformed code, or an unknown email', async () => {
      for (const path of ['/customers/00000000', '/customers/not-a-code', '/customers?email=nobody@example.com', '/customers?loyalty_code=zz']) {
        const res = await pos(t, org.key).get(path).expect(404);
        expect(res.body.error.code).toBe('customer_not_found');
      }
    });

    it('shows the tier the lifetime points reach', async () => {
      await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Bronze', min_lifetime_points: 0, multiplier: 1 }).expect(201);
      const res = await pos(t, org.key).get(`/customers/${code}`).expect(200);
      expect(res.body.customer.tier).toBe('Bronze');
    });

    it('shows the next tier and the lifetime points still needed, and null at the top tier, in every lookup', async () => {
      const shop = await createOrganization(t);
      for (const [name, min] of [
        ['Silver', 100],
        ['Gold', 500],
        ['Platinum', 2000],
      ] as const) {
        await admin(t).post(`/organizations/${shop.id}/tiers`, { name, min_lifetime_points: min, multiplier: 1 }).expect(201);
      }
      const registered = await pos(t, shop.key).post('/customers', { name: 'Tiered Tia', email: 'tia@example.com' }).expect(201);
      const tia = registered.body.customer.loyalty_code;
      const lookups = [`/customers/${tia}`, '/customers?email=tia@example.com', `/customers?loyalty_code=${tia}`];
      const seen = async () => Promise.all(lookups.map(async (path) => (await pos(t, shop.key).get(path).expect(200)).body.customer));
      for (const customer of await seen()) expect(customer).toMatchObject({ tier: null, next_tier: { name: 'Silver', points_needed: 100 }, expiring: null });

      await pos(t, shop.key)
        .post('/transactions', { identifier: { type: 'loyalty_code', value: tia }, amount_cents: 12000 })
        .expect(201);
      for (const customer of await seen())
        expect(customer).toMatchObject({ lifetime_points: 120, tier: 'Silver', next_tier: { name: 'Gold', points_needed: 380 } });

      await pos(t, shop.key)
        .post('/transactions', { identifier: { type: 'loyalty_code', value: tia }, amount_cents: 188000 })
        .expect(201);
      for (const customer of await seen()) expect(customer).toMatchObject({ lifetime_points: 2000, tier: 'Platinum', next_tier: null });
    });

    it("does not let another organization's key see the customer (404, never data)", async () => {
      for (const path of [`/customers/${code}`, '/customers?email=lea@example.com', `/customers?loyalty_code=${code}`]) {
        const res = await pos(t, other.key).get(path).expect(404);
        expect(res.body).toEqual({ error: { code: 'customer_not_found', message: expect.any(String) } });
      }
    });

    it('lets another organization register the same email as its own, separate customer', async () => {
      const res = await pos(t, other.key).post('/customers', { name: 'Lea elsewhere', email: 'lea@example.com' }).expect(201);
      expect(res.body.existing).toBe(false);
      expect(res.body.customer.loyalty_code).not.toBe(code);
    });
  });
});
