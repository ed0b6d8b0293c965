import { randomUUID } from 'node:crypto';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const envelope = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });

/** The earn rule and the order of the seed page's example. */
const CAPPUCCINO_RULE = { name: '2 cappuccinos = 15 pts', type: 'product', match: 'Cappuccino', quantity: 2, points: 15 };
const SEED_ITEMS = [
  { name: 'Cappuccino', category: 'drinks', quantity: 2, unit_price_cents: 350 },
  { name: 'Cake', category: 'food', quantity: 1, unit_price_cents: 450 },
];

const item = (name: string, quantity: number, unit_price_cents = 100, category?: string) => ({
  name,
  quantity,
  unit_price_cents,
  ...(category !== undefined && { category }),
});

describe('POST /api/v1/orders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  interface Shop {
    org: TestOrganization;
    api: ReturnType<typeof pos>;
    /** The loyalty code of the shop's one customer, Sophie. */
    code: string;
    email: string;
    identifier: { type: string; value: string };
  }

  /** A fresh organization (its own tenant) with the given settings and one customer. */
  async function shop(settings: { organization?: Record<string, unknown>; rules?: object[]; tiers?: object[]; bonuses?: object[] } = {}): Promise<Shop> {
    const org = await createOrganization(t, settings.organization);
    for (const rule of settings.rules ?? []) await admin(t).post(`/organizations/${org.id}/earn-rules`, rule).expect(201);
    for (const tier of settings.tiers ?? []) await admin(t).post(`/organizations/${org.id}/tiers`, tier).expect(201);
    for (const bonus of settings.bonuses ?? []) await admin(t).post(`/organizations/${org.id}/bonuses`, bonus).expect(201);
    const api = pos(t, org.key);
    const email = `sophie-${randomUUID()}@example.com`;
    const created = await api.post('/customers', { name: 'Sophie', email }).expect(201);
    const code = created.body.customer.loyalty_code;
    return { org, api, code, email, identifier: { type: 'loyalty_code', value: code } };
  }

  const lookup = async (s: Shop) => (await s.api.get(`/customers/${s.code}`).expect(200)).body.customer;

  const awardedEvents = async (s: Shop) =>
    (await t.database.query(`SELECT type, data FROM events WHERE organization_id = $1 AND type = 'points.awarded' ORDER BY position`, [s.org.id])).rows;

  describe("the seed page's example", () => {
    it('awards 26 points for 2 cappuccinos and a cake: 11 base points from 11.50 plus 15 from the "2 cappuccinos = 15 pts" rule', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const res = await s.api.post('/orders', { identifier: s.identifier, external_ref: 'order-12345', line_items: SEED_ITEMS }).expect(201);
      expect(res.body).toEqual({
        customer: { loyalty_code: s.code, name: 'Sophie', points_balance: 26 },
        points_added: 26,
        base_points: 11,
        product_points: 15,
        rules_applied: ['2 cappuccinos = 15 pts'],
        duplicate: false,
        bonus_applied: null,
      });
    });

    it('raises both points_balance and lifetime_points by points_added', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      expect(await lookup(s)).toMatchObject({ points_balance: 52, lifetime_points: 52 });
    });

    it('identifies the customer by email as well, case-insensitively', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const res = await s.api.post('/orders', { identifier: { type: 'email', value: `  ${s.email.toUpperCase()} ` }, line_items: SEED_ITEMS }).expect(201);
      expect(res.body.customer).toEqual({ loyalty_code: s.code, name: 'Sophie', points_balance: 26 });
    });

    it('identifies the customer by a lower-case loyalty code', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const res = await s.api.post('/orders', { identifier: { type: 'loyalty_code', value: s.code.toLowerCase() }, line_items: SEED_ITEMS }).expect(201);
      expect(res.body.points_added).toBe(26);
    });
  });

  describe('product earn rules', () => {
    it('match names case-insensitively after trimming, and sum the quantities of all matching lines', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const res = await s.api
        .post('/orders', {
          identifier: s.identifier,
          line_items: [item('cappuccino ', 1), item('CAPPUCCINO', 2), item(' Cappuccino', 1)],
        })
        .expect(201);
      // 4 cappuccinos = 2 × 15; base: 4.00 → 4.
      expect(res.body).toMatchObject({ base_points: 4, product_points: 30, points_added: 34, rules_applied: ['2 cappuccinos = 15 pts'] });
    });

    it('match a rule whose own match text has other case and surrounding spaces', async () => {
      const s = await shop({ rules: [{ ...CAPPUCCINO_RULE, match: '  cAPPUCCINO ' }] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      expect(res.body).toMatchObject({ product_points: 15, rules_applied: ['2 cappuccinos = 15 pts'] });
    });

    it('round partial groups down: 3 cappuccinos under "2 cappuccinos = 15 pts" earn 15, 1 earns nothing', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const three = await s.api.post('/orders', { identifier: s.identifier, line_items: [item('Cappuccino', 3, 350)] }).expect(201);
      expect(three.body).toMatchObject({ base_points: 10, product_points: 15, points_added: 25 });
      const one = await s.api.post('/orders', { identifier: s.identifier, line_items: [item('Cappuccino', 1, 350)] }).expect(201);
      expect(one.body).toMatchObject({ base_points: 3, product_points: 0, points_added: 3, rules_applied: [] });
    });

    it('do not match a name that only contains the rule text', async () => {
      const s = await shop({ rules: [{ ...CAPPUCCINO_RULE, quantity: 1 }] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: [item('Iced Cappuccino', 2), item('Cappuccinos', 2)] }).expect(201);
      expect(res.body).toMatchObject({ product_points: 0, rules_applied: [] });
    });

    it('of type category match the item category case-insensitively after trimming, never the item name', async () => {
      const s = await shop({ rules: [{ name: 'Drinks: 5 pts each', type: 'category', match: 'Drinks', points: 5 }] });
      const res = await s.api
        .post('/orders', {
          identifier: s.identifier,
          line_items: [item('Tea', 2, 300, ' DRINKS '), item('Latte', 1, 400, 'drinks'), item('drinks', 4, 100, 'food'), item('Water', 1, 100)],
        })
        .expect(201);
      // 3 drinks × 5; base: 6.00 + 4.00 + 4.00 + 1.00 → 15.
      expect(res.body).toMatchObject({ base_points: 15, product_points: 15, points_added: 30, rules_applied: ['Drinks: 5 pts each'] });
    });

    it('of type product never match the item category', async () => {
      const s = await shop({ rules: [{ name: 'Any drink', type: 'product', match: 'drinks', points: 5 }] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      expect(res.body).toMatchObject({ product_points: 0, rules_applied: [] });
    });

    it('of type bulk award floor(quantity / N) × P: 13 donuts under "6 donuts = 10 pts" earn 20', async () => {
      const s = await shop({ rules: [{ name: '6 donuts = 10 pts', type: 'bulk', match: 'Donut', quantity: 6, points: 10 }] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: [item('Donut', 7, 150), item('donut', 6, 150)] }).expect(201);
      expect(res.body).toMatchObject({ base_points: 19, product_points: 20, points_added: 39, rules_applied: ['6 donuts = 10 pts'] });
    });

    it('all add up, and rules_applied lists only the rules that gave points, in the order the rules were created', async () => {
      const s = await shop({
        rules: [
          { name: 'Two cakes = 7 pts', type: 'product', match: 'Cake', quantity: 2, points: 7 }, // 1 cake: gives nothing
          { name: 'Cake = 3 pts', type: 'product', match: 'Cake', points: 3 },
          { name: 'Bagel = 50 pts', type: 'product', match: 'Bagel', points: 50 }, // not ordered
          { name: 'Any drink = 1 pt', type: 'category', match: 'drinks', points: 1 },
          { name: '5 cappuccinos = 20 pts', type: 'bulk', match: 'Cappuccino', quantity: 5, points: 20 },
          { name: '2 cappuccinos = 15 pts', type: 'product', match: 'Cappuccino', quantity: 2, points: 15 },
        ],
      });
      const res = await s.api
        .post('/orders', { identifier: s.identifier, line_items: [item('Cappuccino', 5, 350, 'drinks'), item('Cake', 1, 450, 'food')] })
        .expect(201);
      // 3 + 5 + 20 + 2 × 15 = 58; base: 17.50 + 4.50 = 22.00 → 22.
      expect(res.body).toMatchObject({
        base_points: 22,
        product_points: 58,
        points_added: 80,
        rules_applied: ['Cake = 3 pts', 'Any drink = 1 pt', '5 cappuccinos = 20 pts', '2 cappuccinos = 15 pts'],
      });
    });

    it('list nothing when no rule matches: product_points 0 and rules_applied []', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: [item('Cake', 1, 450)] }).expect(201);
      expect(res.body).toMatchObject({ base_points: 4, product_points: 0, points_added: 4, rules_applied: [] });
    });

    it('of another organization never apply', async () => {
      await shop({ rules: [CAPPUCCINO_RULE] });
      const other = await shop();
      const res = await other.api.post('/orders', { identifier: other.identifier, line_items: SEED_ITEMS }).expect(201);
      expect(res.body).toMatchObject({ base_points: 11, product_points: 0, points_added: 11, rules_applied: [] });
    });
  });

  describe('amount_cents', () => {
    it('overrides the sum of the items for base points (items 11.50, amount_cents 500 → base 5)', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS, amount_cents: 500 }).expect(201);
      expect(res.body).toMatchObject({ base_points: 5, product_points: 15, points_added: 20, rules_applied: ['2 cappuccinos = 15 pts'] });
    });

    it('may be 0 (a fully discounted order), which still earns the product points', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS, amount_cents: 0 }).expect(201);
      expect(res.body).toMatchObject({ base_points: 0, product_points: 15, points_added: 15, customer: { points_balance: 15 } });
    });

    it("is multiplied by the organization's earn rate; product points are not", async () => {
      const s = await shop({ organization: { earn_rate: 2 }, rules: [CAPPUCCINO_RULE] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      expect(res.body).toMatchObject({ base_points: 23, product_points: 15, points_added: 38 });
    });

    it('defaults to the sum of quantity × unit_price_cents, rounded down once (3 × 0.99 + 0.50 = 3.47 → 3)', async () => {
      const s = await shop();
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: [item('Cookie', 3, 99), item('Mint', 1, 50)] }).expect(201);
      expect(res.body).toMatchObject({ base_points: 3, points_added: 3 });
    });
  });

  describe('bonuses and tiers', () => {
    const GOLD = { name: 'Gold', min_lifetime_points: 0, multiplier: 2 };
    const TRIPLE = { name: 'Triple points', multiplier: 3 };

    it('a tier multiplies the base points only, never the product points', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE], tiers: [GOLD] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      // floor(11.50 × 2) = 23, + 15.
      expect(res.body).toMatchObject({ base_points: 23, product_points: 15, points_added: 38, bonus_applied: null });
    });

    it('an active bonus multiplies the base points only, and bonus_applied names it', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE], bonuses: [TRIPLE] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      // floor(11.50 × 3) = 34, + 15.
      expect(res.body).toMatchObject({ base_points: 34, product_points: 15, points_added: 49, bonus_applied: 'Triple points' });
    });

    it('bonus and tier multiply together, product points stay as they are', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE], tiers: [GOLD], bonuses: [TRIPLE] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      // floor(11.50 × 3 × 2) = 69, + 15.
      expect(res.body).toMatchObject({ base_points: 69, product_points: 15, points_added: 84, bonus_applied: 'Triple points' });
    });

    it('the tier is the one reached before the award: product points count towards the next one', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE], tiers: [{ name: 'Silver', min_lifetime_points: 20, multiplier: 2 }] });
      const first = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      expect(first.body).toMatchObject({ base_points: 11, points_added: 26 });
      const second = await s.api.post('/orders', { identifier: s.identifier, line_items: SEED_ITEMS }).expect(201);
      expect(second.body).toMatchObject({ base_points: 23, product_points: 15, points_added: 38 });
      expect(await lookup(s)).toMatchObject({ points_balance: 64, lifetime_points: 64, tier: 'Silver' });
    });
  });

  describe('idempotency (external_ref)', () => {
    it('answers a retry of the same order with 200, duplicate true, the original points and the current balance, recording nothing again', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const order = { identifier: s.identifier, external_ref: 'order-1', line_items: SEED_ITEMS };
      await s.api.post('/orders', order).expect(201);
      await s.api.post('/transactions', { identifier: s.identifier, amount_cents: 1000 }).expect(201); // balance 36

      const retry = await s.api.post('/orders', order).expect(200);
      expect(retry.body).toEqual({
        customer: { loyalty_code: s.code, name: 'Sophie', points_balance: 36 },
        points_added: 26,
        base_points: 11,
        product_points: 15,
        rules_applied: ['2 cappuccinos = 15 pts'],
        duplicate: true,
        bonus_applied: null,
      });
      expect(await lookup(s)).toMatchObject({ points_balance: 36, lifetime_points: 36 });
      expect(await awardedEvents(s)).toHaveLength(2);
    });

    it('answers a retry with the original breakdown even after the earn rules changed', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const order = { identifier: s.identifier, external_ref: 'order-2', line_items: SEED_ITEMS };
      await s.api.post('/orders', order).expect(201);
      const rules = await admin(t).get(`/organizations/${s.org.id}/earn-rules`).expect(200);
      await admin(t).delete(`/organizations/${s.org.id}/earn-rules/${rules.body.earn_rules[0].id}`).expect(204);
      const retry = await s.api.post('/orders', order).expect(200);
      expect(retry.body).toMatchObject({ points_added: 26, product_points: 15, rules_applied: ['2 cappuccinos = 15 pts'], duplicate: true });
      expect(await lookup(s)).toMatchObject({ points_balance: 26 });
    });

    it('records concurrent identical orders with one ref exactly once; the others answer as retries, none with a 5xx', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const order = { identifier: s.identifier, external_ref: 'order-concurrent', line_items: SEED_ITEMS };
      const responses = await Promise.all(Array.from({ length: 8 }, () => s.api.post('/orders', order)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      for (const r of responses) expect(r.body).toMatchObject({ points_added: 26, duplicate: r.status === 200 });
      expect(await lookup(s)).toMatchObject({ points_balance: 26, lifetime_points: 26 });
      expect(await awardedEvents(s)).toHaveLength(1);
    });

    it('treats the same ref with the same customer given by email as the same request', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      await s.api.post('/orders', { identifier: { type: 'email', value: s.email }, external_ref: 'order-3', line_items: SEED_ITEMS }).expect(201);
      const retry = await s.api
        .post('/orders', { identifier: { type: 'email', value: s.email.toUpperCase() }, external_ref: 'order-3', line_items: SEED_ITEMS })
        .expect(200);
      expect(retry.body).toMatchObject({ duplicate: true, points_added: 26, customer: { points_balance: 26 } });
    });

    const changes: Array<[string, (s: Shop) => object]> = [
      ['another quantity', (s) => ({ identifier: s.identifier, line_items: [{ ...SEED_ITEMS[0], quantity: 3 }, SEED_ITEMS[1]] })],
      ['another item', (s) => ({ identifier: s.identifier, line_items: [SEED_ITEMS[0], { ...SEED_ITEMS[1], name: 'Muffin' }] })],
      ['an item fewer', (s) => ({ identifier: s.identifier, line_items: [SEED_ITEMS[0]] })],
      ['another unit price', (s) => ({ identifier: s.identifier, line_items: [SEED_ITEMS[0], { ...SEED_ITEMS[1], unit_price_cents: 500 }] })],
      ['another amount_cents', (s) => ({ identifier: s.identifier, line_items: SEED_ITEMS, amount_cents: 900 })],
      ['another customer', () => ({ identifier: { type: 'email', value: 'someone-else@example.com' }, line_items: SEED_ITEMS })],
    ];
    it.each(changes)('answers the same ref with %s with 409 idempotency_conflict and records nothing', async (_, change) => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      await s.api.post('/customers', { name: 'Someone else', email: 'someone-else@example.com' }).expect(201);
      await s.api.post('/orders', { identifier: s.identifier, external_ref: 'order-9', line_items: SEED_ITEMS }).expect(201);
      const res = await s.api.post('/orders', { ...change(s), external_ref: 'order-9' }).expect(409);
      expect(res.body).toEqual(envelope('idempotency_conflict'));
      expect(await lookup(s)).toMatchObject({ points_balance: 26, lifetime_points: 26 });
      expect(await awardedEvents(s)).toHaveLength(1);
    });

    it('shares refs with POST /transactions: an order reusing a transaction ref is 409 idempotency_conflict', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      await s.api.post('/transactions', { identifier: s.identifier, amount_cents: 1150, external_ref: 'shared-1' }).expect(201);
      const res = await s.api.post('/orders', { identifier: s.identifier, external_ref: 'shared-1', line_items: SEED_ITEMS }).expect(409);
      expect(res.body).toEqual(envelope('idempotency_conflict'));
      expect(await lookup(s)).toMatchObject({ points_balance: 11 });
    });

    it('shares refs with POST /transactions: a transaction reusing an order ref is 409 idempotency_conflict', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      await s.api.post('/orders', { identifier: s.identifier, external_ref: 'shared-2', line_items: SEED_ITEMS }).expect(201);
      const res = await s.api.post('/transactions', { identifier: s.identifier, amount_cents: 1150, external_ref: 'shared-2' }).expect(409);
      expect(res.body).toEqual(envelope('idempotency_conflict'));
      expect(await lookup(s)).toMatchObject({ points_balance: 26 });
    });

    it("keeps refs per organization: another organization's ref does not conflict", async () => {
      const a = await shop({ rules: [CAPPUCCINO_RULE] });
      const b = await shop();
      await a.api.post('/orders', { identifier: a.identifier, external_ref: 'same-ref', line_items: SEED_ITEMS }).expect(201);
      const res = await b.api.post('/orders', { identifier: b.identifier, external_ref: 'same-ref', line_items: [item('Tea', 1, 500)] }).expect(201);
      expect(res.body).toMatchObject({ duplicate: false, points_added: 5 });
    });
  });

  describe('fewer than 1 point in total', () => {
    it('is 422 amount_too_low and records nothing', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: [item('Water', 1, 99)] }).expect(422);
      expect(res.body).toEqual(envelope('amount_too_low'));
      expect(await lookup(s)).toMatchObject({ points_balance: 0, lifetime_points: 0 });
      expect(await awardedEvents(s)).toHaveLength(0);
    });

    it('includes amount_cents 0 on an order no rule matches', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      const res = await s.api.post('/orders', { identifier: s.identifier, line_items: [item('Cake', 1, 450)], amount_cents: 0 }).expect(422);
      expect(res.body).toEqual(envelope('amount_too_low'));
    });

    it('does not use the external_ref up: a later valid order with the same ref is 201', async () => {
      const s = await shop({ rules: [CAPPUCCINO_RULE] });
      await s.api.post('/orders', { identifier: s.identifier, external_ref: 'low-1', line_items: [item('Water', 1, 99)] }).expect(422);
      const res = await s.api.post('/orders', { identifier: s.identifier, external_ref: 'low-1', line_items: SEED_ITEMS }).expect(201);
      expect(res.body).toMatchObject({ duplicate: false, points_added: 26 });
      expect(await awardedEvents(s)).toHaveLength(1);
    });
  });

  describe('validation', () => {
    const valid = (s: Shop): Record<string, any> => ({ identifier: s.identifier, line_items: SEED_ITEMS.map((i) => ({ ...i })) });
    const withItem = (change: object) => (s: Shop) => ({ ...valid(s), line_items: [{ ...SEED_ITEMS[0], ...change }, SEED_ITEMS[1]] });
    const without = (key: string) => (s: Shop) => {
      const body = valid(s);
      delete body[key];
      return body;
    };

    const cases: Array<[string, (s: Shop) => object, string]> = [
      ['line_items missing', without('line_items'), 'line_items'],
      ['line_items empty', (s) => ({ ...valid(s), line_items: [] }), 'line_items'],
      ['501 line items', (s) => ({ ...valid(s), line_items: Array.from({ length: 501 }, () => item('Tea', 1)) }), 'line_items'],
      ['line_items not an array', (s) => ({ ...valid(s), line_items: { name: 'Tea', quantity: 1, unit_price_cents: 100 } }), 'line_items'],
      ['an empty item name', withItem({ name: '' }), 'line_items.0.name'],
      ['an item name of 201 characters', withItem({ name: 'x'.repeat(201) }), 'line_items.0.name'],
      ['an item without a name', (s) => ({ ...valid(s), line_items: [{ quantity: 1, unit_price_cents: 100 }] }), 'line_items.0.name'],
      ['quantity 0', withItem({ quantity: 0 }), 'line_items.0.quantity'],
      ['quantity 10001', withItem({ quantity: 10001 }), 'line_items.0.quantity'],
      ['quantity 1.5', withItem({ quantity: 1.5 }), 'line_items.0.quantity'],
      ['quantity "2" (a string)', withItem({ quantity: '2' }), 'line_items.0.quantity'],
      ['a negative unit_price_cents', withItem({ unit_price_cents: -1 }), 'line_items.0.unit_price_cents'],
      ['a missing unit_price_cents', (s) => ({ ...valid(s), line_items: [{ name: 'Tea', quantity: 1 }] }), 'line_items.0.unit_price_cents'],
      ['a non-integer amount_cents', (s) => ({ ...valid(s), amount_cents: 10.5 }), 'amount_cents'],
      ['a negative amount_cents', (s) => ({ ...valid(s), amount_cents: -1 }), 'amount_cents'],
      ['amount_cents as a string', (s) => ({ ...valid(s), amount_cents: '500' }), 'amount_cents'],
      ['identifier missing', without('identifier'), 'identifier'],
      ['an identifier of type "phone"', (s) => ({ ...valid(s), identifier: { type: 'phone', value: s.code } }), 'identifier.type'],
      ['an identifier without a value', (s) => ({ ...valid(s), identifier: { type: 'loyalty_code' } }), 'identifier.value'],
      ['an empty external_ref', (s) => ({ ...valid(s), external_ref: '' }), 'external_ref'],
      ['an external_ref of 256 characters', (s) => ({ ...valid(s), external_ref: 'r'.repeat(256) }), 'external_ref'],
    ];

    let s: Shop;
    beforeAll(async () => {
      s = await shop({ rules: [CAPPUCCINO_RULE] });
    });

    it.each(cases)('answers %s with 400 invalid_request naming the field', async (_, body, field) => {
      const res = await s.api.post('/orders', body(s)).expect(400);
      expect(res.body).toEqual(envelope('invalid_request'));
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
    });

    it('records nothing for an invalid order', async () => {
      expect(await lookup(s)).toMatchObject({ points_balance: 0 });
      expect(await awardedEvents(s)).toHaveLength(0);
    });

    it('accepts the limits: 500 line items, a 200-character name, quantity 10000, unit price 0', async () => {
      const other = await shop();
      const line_items = [item('x'.repeat(200), 10000, 0), ...Array.from({ length: 499 }, () => item('Tea', 1, 100))];
      const res = await other.api.post('/orders', { identifier: other.identifier, line_items }).expect(201);
      expect(res.body).toMatchObject({ base_points: 499, product_points: 0, points_added: 499 });
    });

    it('answers an unknown loyalty code with 404 customer_not_found', async () => {
      const code = s.code === 'FFFFFFFF' ? 'EEEEEEEE' : 'FFFFFFFF';
      const res = await s.api.post('/orders', { identifier: { type: 'loyalty_code', value: code }, line_items: SEED_ITEMS }).expect(404);
      expect(res.body).toEqual(envelope('customer_not_found'));
    });

    it('answers an unknown email with 404 customer_not_found', async () => {
      const res = await s.api.post('/orders', { identifier: { type: 'email', value: 'nobody@example.com' }, line_items: SEED_ITEMS }).expect(404);
      expect(res.body).toEqual(envelope('customer_not_found'));
    });

    it("answers another organization's customer with 404 customer_not_found", async () => {
      const other = await shop();
      const res = await s.api.post('/orders', { identifier: other.identifier, line_items: SEED_ITEMS }).expect(404);
      expect(res.body).toEqual(envelope('customer_not_found'));
      expect(await lookup(other)).toMatchObject({ points_balance: 0 });
    });

    it('answers a request without an API key with 401 unauthorized', async () => {
      const res = await pos(t, 'lp_live_not-a-real-key').post('/orders', valid(s)).expect(401);
      expect(res.body).toEqual(envelope('unauthorized'));
    });
  });

  describe('the ledger', () => {
    it('records one points.awarded event with the full breakdown: items, rules and their points, earn rate, bonus, tier', async () => {
      const s = await shop({
        rules: [
          CAPPUCCINO_RULE,
          { name: 'Cake = 3 pts', type: 'product', match: 'cake', points: 3 },
          { name: 'Bagel = 50 pts', type: 'product', match: 'Bagel', points: 50 },
        ],
        tiers: [{ name: 'Gold', min_lifetime_points: 0, multiplier: 2 }],
        bonuses: [{ name: 'Triple points', multiplier: 3 }],
      });
      await s.api.post('/orders', { identifier: s.identifier, external_ref: 'ledger-1', line_items: SEED_ITEMS }).expect(201);

      const events = await awardedEvents(s);
      expect(events).toHaveLength(1);
      expect(events[0].type).toBe('points.awarded');
      expect(events[0].data).toMatchObject({
        source: 'order',
        external_ref: 'ledger-1',
        amount_cents: 1150,
        earn_rate: '1',
        bonus: { name: 'Triple points', multiplier: '3' },
        tier: { name: 'Gold', multiplier: '2' },
        base_points: 69,
        line_items: [
          { name: 'Cappuccino', category: 'drinks', quantity: 2, unit_price_cents: 350 },
          { name: 'Cake', category: 'food', quantity: 1, unit_price_cents: 450 },
        ],
        rules: [
          { name: '2 cappuccinos = 15 pts', points: 15 },
          { name: 'Cake = 3 pts', points: 3 },
        ],
        product_points: 18,
        points: 87,
      });
    });

    it('records the amount_cents given, and null bonus and tier when none applied', async () => {
      const s = await shop({ organization: { earn_rate: 1.5 } });
      await s.api.post('/orders', { identifier: s.identifier, line_items: [item('Tea', 1, 300)], amount_cents: 200 }).expect(201);
      const [event] = await awardedEvents(s);
      expect(event.data).toMatchObject({
        source: 'order',
        external_ref: null,
        amount_cents: 200,
        earn_rate: '1.5',
        bonus: null,
        tier: null,
        base_points: 3,
        line_items: [{ name: 'Tea', category: null, quantity: 1, unit_price_cents: 300 }],
        rules: [],
        product_points: 0,
        points: 3,
      });
    });
  });
});
