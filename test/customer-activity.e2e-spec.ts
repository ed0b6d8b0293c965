import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('GET /api/v1/customers/:code/activity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const byCode = (value: string) => ({ type: 'loyalty_code', value });
  const register = async (org: TestOrganization, name = 'Sophie') =>
    (await pos(t, org.key).post('/customers', { name }).expect(201)).body.customer.loyalty_code as string;
  const award = (org: TestOrganization, code: string, cents: number, extra: object = {}) =>
    pos(t, org.key)
      .post('/transactions', { identifier: byCode(code), amount_cents: cents, ...extra })
      .expect(201);
  const activity = (org: TestOrganization, code: string, query = '') => pos(t, org.key).get(`/customers/${code}/activity${query}`);

  /** Every page from the newest, following next_before, with the page sizes seen. */
  async function allPages(org: TestOrganization, code: string, limit: number) {
    const items: any[] = [];
    const sizes: number[] = [];
    let before: string | null = null;
    do {
      const res: { body: any } = await activity(org, code, `?limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ''}`).expect(200);
      items.push(...res.body.activity);
      sizes.push(res.body.activity.length);
      before = res.body.next_before;
    } while (before !== null);
    return { items, sizes };
  }

  describe('paging', () => {
    let org: TestOrganization;
    let code: string;
    beforeAll(async () => {
      org = await createOrganization(t);
      const coffee = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Free coffee', points_cost: 5 }).expect(201)).body.reward;
      code = await register(org);
      // 250 events of every kind the till shows, a correction among them (not points history).
      for (let i = 0; i < 250; i++) {
        if (i % 10 === 3)
          await pos(t, org.key)
            .post('/redemptions', { identifier: byCode(code), reward_id: coffee.id, external_ref: `r-${i}` })
            .expect(201);
        else if (i % 10 === 7)
          await admin(t)
            .post(`/organizations/${org.id}/customers/${code}/adjustments`, { points: i % 20 === 7 ? 3 : -2, reason: 'correction' })
            .expect(201);
        else await award(org, code, 1000 + i * 10, { external_ref: `t-${i}` });
        if (i === 125) await pos(t, org.key).patch(`/customers/${code}`, { name: 'Sophie Martin' }).expect(200);
      }
    });

    it("covers the customer's 250 events exactly once, newest first, in pages of the limit", async () => {
      const { items, sizes } = await allPages(org, code, 100);
      expect(sizes).toEqual([100, 100, 50]);
      const { rows } = await t.database.query(
        `SELECT e.event_id FROM events e JOIN customer_accounts c ON c.organization_id = e.organization_id AND c.id = e.stream_id
         WHERE c.organization_id = $1 AND c.loyalty_code = $2 AND e.type IN ('points.awarded', 'reward.redeemed', 'points.adjusted')
         ORDER BY e.stream_version DESC`,
        [org.id, code],
      );
      expect(rows).toHaveLength(250);
      expect(items.map((i) => i.id)).toEqual(rows.map((r) => r.event_id));
    });

    it('gives each item the balance right after it, from its event: the items chain down to zero', async () => {
      const { items } = await allPages(org, code, 37);
      expect(items).toHaveLength(250);
      for (let i = 0; i + 1 < items.length; i++) expect(items[i].balance_after - items[i].points).toBe(items[i + 1].balance_after);
      const oldest = items[items.length - 1];
      expect(oldest.balance_after - oldest.points).toBe(0);
      const now = (await pos(t, org.key).get(`/customers/${code}`).expect(200)).body.customer;
      expect(items[0].balance_after).toBe(now.points_balance);
      expect(new Set(items.map((i) => i.type))).toEqual(new Set(['earn', 'redeem', 'adjustment']));
    });

    it('answers 20 items by default, and a next_before only while older items remain', async () => {
      const first = await activity(org, code).expect(200);
      expect(first.body.activity).toHaveLength(20);
      expect(first.body.next_before).toEqual(expect.any(String));
      const all = await activity(org, code, '?limit=100&before=' + encodeURIComponent(first.body.next_before)).expect(200);
      expect(all.body.activity[0].id).not.toBe(first.body.activity[19].id);
    });

    it('refuses a cursor of another customer, even of the same organization, with 400', async () => {
      const other = await register(org, 'Marc');
      await award(org, other, 500);
      await award(org, other, 700);
      const theirs = (await activity(org, other, '?limit=1').expect(200)).body.next_before;
      const res = await activity(org, code, `?before=${encodeURIComponent(theirs)}`).expect(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', details: [{ field: 'before', message: expect.any(String) }] });
    });

    it("refuses a cursor of another organization's customer with 400", async () => {
      const elsewhere = await createOrganization(t);
      const theirCode = await register(elsewhere);
      for (let i = 0; i < 3; i++) await award(elsewhere, theirCode, 300);
      const theirs = (await activity(elsewhere, theirCode, '?limit=1').expect(200)).body.next_before;
      expect((await activity(org, code, `?before=${encodeURIComponent(theirs)}`).expect(400)).body.error.code).toBe('invalid_request');
    });

    it('refuses a cursor that is not one, and a limit out of 1..100, with 400 naming the parameter', async () => {
      for (const [query, field] of [
        ['?before=nonsense', 'before'],
        ['?before=', 'before'],
        [`?before=${Buffer.from('12.abcdefghijklmnop').toString('base64url')}`, 'before'],
        ['?limit=0', 'limit'],
        ['?limit=101', 'limit'],
        ['?limit=ten', 'limit'],
        ['?limit=5&limit=6', 'limit'],
      ]) {
        const res = await activity(org, code, query).expect(400);
        expect(res.body.error.code).toBe('invalid_request');
        expect(res.body.error.message).toContain(field);
      }
    });
  });

  describe('what each item says', () => {
    it('describes each kind of event, with its signed points, balance after and own external_ref', async () => {
      const org = await createOrganization(t);
      const code = await register(org);
      await award(org, code, 1000, { external_ref: 'plain-1' });
      await admin(t)
        .post(`/organizations/${org.id}/earn-rules`, { name: '2 cappuccinos = 15 pts', type: 'product', match: 'Cappuccino', quantity: 2, points: 15 })
        .expect(201);
      await pos(t, org.key)
        .post('/orders', { identifier: byCode(code), line_items: [{ name: 'Cappuccino', quantity: 2, unit_price_cents: 350 }], external_ref: 'order-1' })
        .expect(201);
      await admin(t).post(`/organizations/${org.id}/bonuses`, { name: 'Happy hour', multiplier: 2 }).expect(201);
      await award(org, code, 2500, { external_ref: 'happy-1' });
      const cake = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Carrot cake', points_cost: 30 }).expect(201)).body.reward;
      const redeemed = await pos(t, org.key)
        .post('/redemptions', { identifier: byCode(code), reward_id: cake.id, external_ref: 'cake-1' })
        .expect(201);
      await admin(t)
        .post(`/organizations/${org.id}/customers/${code}/adjustments`, { points: 20, reason: 'goodwill', note: 'Coffee was cold', external_ref: 'ticket-1' })
        .expect(201);
      await admin(t).post(`/organizations/${org.id}/customers/${code}/adjustments`, { points: -5, reason: 'fraud' }).expect(201);
      await pos(t, org.key).patch(`/customers/${code}`, { email: 'sophie@example.com' }).expect(200);
      await pos(t, org.key).post('/refunds', { sale_external_ref: 'plain-1', amount_cents: 500, reason: 'Damaged', external_ref: 'return-1' }).expect(201);
      await pos(t, org.key).post(`/redemptions/${redeemed.body.redemption_id}/reversal`, { reason: 'Out of cake' }).expect(201);

      const res = await activity(org, code).expect(200);
      expect(res.body.next_before).toBeNull();
      const item = (over: object) => ({ id: expect.any(String), occurred_at: expect.any(String), recorded_at: expect.any(String), ...over });
      expect(res.body.activity).toEqual([
        item({ type: 'redemption_reversal', points: 30, balance_after: 92, external_ref: null, description: 'Carrot cake: Out of cake' }),
        item({ type: 'refund', points: -5, balance_after: 62, external_ref: 'return-1', description: 'Refund of plain-1: Damaged' }),
        item({ type: 'adjustment', points: -5, balance_after: 67, external_ref: null, description: 'Fraud' }),
        item({ type: 'adjustment', points: 20, balance_after: 72, external_ref: 'ticket-1', description: 'Goodwill: Coffee was cold' }),
        item({ id: redeemed.body.redemption_id, type: 'redeem', points: -30, balance_after: 52, external_ref: 'cake-1', description: 'Carrot cake' }),
        item({ type: 'earn', points: 50, balance_after: 82, external_ref: 'happy-1', description: 'Happy hour ×2' }),
        item({ type: 'earn', points: 22, balance_after: 32, external_ref: 'order-1', description: '2 cappuccinos = 15 pts' }),
        item({ type: 'earn', points: 10, balance_after: 10, external_ref: 'plain-1', description: 'Purchase' }),
      ]);
      for (const i of res.body.activity) {
        expect(new Date(i.recorded_at).toISOString()).toBe(i.recorded_at);
        expect(new Date(i.occurred_at).toISOString()).toBe(i.occurred_at);
      }
    });

    it('lists nothing for a customer without points history', async () => {
      const org = await createOrganization(t);
      const code = await register(org);
      expect((await activity(org, code).expect(200)).body).toEqual({ activity: [], next_before: null });
    });

    it("answers 404 customer_not_found for an unknown or malformed code, and for another organization's customer", async () => {
      const org = await createOrganization(t);
      const other = await createOrganization(t);
      const theirs = await register(other);
      for (const code of ['00000000', 'nope', theirs]) expect((await activity(org, code).expect(404)).body.error.code).toBe('customer_not_found');
    });

    it('matches the code case-insensitively', async () => {
      const org = await createOrganization(t);
      const code = await register(org);
      await award(org, code, 500);
      expect((await activity(org, code.toLowerCase()).expect(200)).body.activity).toHaveLength(1);
    });
  });
});
