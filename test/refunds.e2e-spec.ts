import { expectLedgerSound } from './support/conservation';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('returns, voids and reversed redemptions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const byCode = (value: string) => ({ type: 'loyalty_code', value });
  let refs = 0;
  const ref = (prefix: string) => `${prefix}-${++refs}`;

  async function customer(org: TestOrganization): Promise<string> {
    return (await pos(t, org.key).post('/customers', { name: 'Sophie' }).expect(201)).body.customer.loyalty_code;
  }
  const lookup = async (org: TestOrganization, code: string) => (await pos(t, org.key).get(`/customers/${code}`).expect(200)).body.customer;
  async function sale(org: TestOrganization, code: string, amount: number): Promise<string> {
    const external_ref = ref('sale');
    await pos(t, org.key)
      .post('/transactions', { identifier: byCode(code), amount_cents: amount, external_ref })
      .expect(201);
    return external_ref;
  }
  const refund = (org: TestOrganization, body: object) => pos(t, org.key).post('/refunds', body);

  describe('refunds of transactions', () => {
    it('takes back, cumulatively, what the sale no longer earns, with its recorded rate', async () => {
      const org = await createOrganization(t, { earn_rate: 1.15 });
      const code = await customer(org);
      const sold = await sale(org, code, 10_000); // 115 points
      await admin(t).patch(`/organizations/${org.id}`, { earn_rate: 3 }).expect(200); // today's rate never counts

      const first = await refund(org, { sale_external_ref: sold, amount_cents: 2_500, external_ref: ref('r') }).expect(201);
      expect(first.body).toMatchObject({
        customer: { loyalty_code: code, points_balance: 115 - 29 },
        points_removed: 29, // 115 − floor(75.00 × 1.15 = 86.25)
        unrecovered_points: 0,
        sale: { external_ref: sold, amount_cents: 10_000, refunded_cents: 2_500, points_added: 115, points_removed: 29 },
        duplicate: false,
      });
      expect(first.body.refund_id).toMatch(/^[0-9a-f-]{36}$/);

      // The rest, as a void: everything the sale gave is taken back.
      const rest = await refund(org, { sale_external_ref: sold }).expect(201);
      expect(rest.body).toMatchObject({ points_removed: 86, sale: { refunded_cents: 10_000, points_removed: 115 }, customer: { points_balance: 0 } });
      expect(await lookup(org, code)).toMatchObject({ points_balance: 0, lifetime_points: 0 });

      const again = await refund(org, { sale_external_ref: sold, amount_cents: 1 }).expect(422);
      expect(again.body.error.code).toBe('refund_exceeds_sale');
      await expectLedgerSound(t.database, org.id);
    });

    it('many small refunds take back exactly what one large refund would', async () => {
      const org = await createOrganization(t, { earn_rate: 1.15 });
      const code = await customer(org);
      const [a, b] = [await sale(org, code, 9_999), await sale(org, code, 9_999)];
      for (let i = 0; i < 7; i++) await refund(org, { sale_external_ref: a, amount_cents: 1_111 }).expect(201);
      const one = await refund(org, { sale_external_ref: b, amount_cents: 7 * 1_111 }).expect(201);
      const sales = await t.database.query(
        `SELECT data->>'sale_external_ref' AS sale, sum((data->>'points_removed')::int)::int AS removed FROM events
        WHERE organization_id = $1 AND type = 'points.refunded' GROUP BY 1`,
        [org.id],
      );
      const removed = Object.fromEntries(sales.rows.map((r) => [r.sale, r.removed]));
      expect(removed[a]).toBe(one.body.points_removed);
      expect(removed[b]).toBe(one.body.points_removed);
    });

    it('refuses more cents than are left, and line items on a plain transaction, recording nothing', async () => {
      const org = await createOrganization(t);
      const code = await customer(org);
      const sold = await sale(org, code, 1_000);
      expect((await refund(org, { sale_external_ref: sold, amount_cents: 1_001 }).expect(422)).body.error.code).toBe('refund_exceeds_sale');
      const items = await refund(org, { sale_external_ref: sold, line_items: [{ name: 'Cake', quantity: 1 }] }).expect(400);
      expect(items.body.error).toMatchObject({ code: 'invalid_request', details: [{ field: 'line_items' }] });
      expect(await lookup(org, code)).toMatchObject({ points_balance: 10 });
    });

    it('answers 404 sale_not_found for an unknown sale, a redemption, a refund, and another organization’s sale', async () => {
      const org = await createOrganization(t);
      const other = await createOrganization(t);
      const code = await customer(org);
      const theirs = await sale(other, await customer(other), 1_000);
      await sale(org, code, 10_000);
      const reward = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Cookie', points_cost: 10 }).expect(201)).body.reward;
      await pos(t, org.key)
        .post('/redemptions', { identifier: byCode(code), reward_id: reward.id, external_ref: 'redeemed-1' })
        .expect(201);
      const mine = await sale(org, code, 500);
      await refund(org, { sale_external_ref: mine, amount_cents: 100, external_ref: 'refund-1' }).expect(201);
      for (const sale_external_ref of ['nope', theirs, 'redeemed-1', 'refund-1']) {
        const res = await refund(org, { sale_external_ref }).expect(404);
        expect(res.body.error.code).toBe('sale_not_found');
      }
    });
  });

  describe('refunds of orders', () => {
    async function orderOrg() {
      const org = await createOrganization(t);
      await admin(t)
        .post(`/organizations/${org.id}/earn-rules`, { name: '2 cappuccinos = 15 pts', type: 'product', match: 'cappuccino', quantity: 2, points: 15 })
        .expect(201);
      return org;
    }
    const cappuccinosAndCake = [
      { name: 'Cappuccino', category: 'drinks', quantity: 2, unit_price_cents: 350 },
      { name: 'Cake', category: 'food', quantity: 1, unit_price_cents: 450 },
    ];

    it('returning one of "2 cappuccinos = 15 pts" takes the 15 back, with the cup’s base points', async () => {
      const org = await orderOrg();
      const code = await customer(org);
      await pos(t, org.key)
        .post('/orders', { identifier: byCode(code), external_ref: 'o-1', line_items: cappuccinosAndCake })
        .expect(201); // 11 + 15
      const res = await refund(org, { sale_external_ref: 'o-1', line_items: [{ name: ' CAPPUCCINO ', quantity: 1 }], reason: 'Cold' }).expect(201);
      expect(res.body).toMatchObject({
        points_removed: 3 + 15,
        sale: { refunded_cents: 350, points_added: 26, points_removed: 18 },
        customer: { points_balance: 8 },
      });
      const [event] = (await t.database.query(`SELECT data FROM events WHERE organization_id = $1 AND type = 'points.refunded'`, [org.id])).rows;
      expect(event.data).toMatchObject({
        items: [{ name: 'Cappuccino', quantity: 1 }],
        base_points: 3,
        product_points: 15,
        reason: 'Cold',
        sale_external_ref: 'o-1',
      });
    });

    it('refuses an item not bought, or more of one than is left', async () => {
      const org = await orderOrg();
      const code = await customer(org);
      await pos(t, org.key)
        .post('/orders', { identifier: byCode(code), external_ref: 'o-2', line_items: cappuccinosAndCake })
        .expect(201);
      expect((await refund(org, { sale_external_ref: 'o-2', line_items: [{ name: 'Tea', quantity: 1 }] }).expect(422)).body.error.code).toBe(
        'refund_exceeds_sale',
      );
      await refund(org, { sale_external_ref: 'o-2', line_items: [{ name: 'Cappuccino', quantity: 1 }] }).expect(201);
      expect((await refund(org, { sale_external_ref: 'o-2', line_items: [{ name: 'cappuccino', quantity: 2 }] }).expect(422)).body.error.code).toBe(
        'refund_exceeds_sale',
      );
      // The void returns what is left: the other cappuccino and the cake; everything is taken back.
      const rest = await refund(org, { sale_external_ref: 'o-2' }).expect(201);
      expect(rest.body.sale).toMatchObject({ refunded_cents: 1_150, points_removed: 26 });
      expect(await lookup(org, code)).toMatchObject({ points_balance: 0, lifetime_points: 0 });
      await expectLedgerSound(t.database, org.id);
    });
  });

  describe('points already spent', () => {
    async function spent(policy: string) {
      const org = await createOrganization(t, { refund_policy: policy });
      const code = await customer(org);
      const sold = await sale(org, code, 10_000);
      const reward = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Cake', points_cost: 80 }).expect(201)).body.reward;
      await pos(t, org.key)
        .post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
        .expect(201);
      return { org, code, sold, reward };
    }

    it('floor_at_zero (the default): the balance stops at 0 and the shortfall is unrecovered_points', async () => {
      const { org, code, sold } = await spent('floor_at_zero');
      const res = await refund(org, { sale_external_ref: sold }).expect(201);
      expect(res.body).toMatchObject({ points_removed: 100, unrecovered_points: 80, customer: { points_balance: 0 } });
      expect(await lookup(org, code)).toMatchObject({ points_balance: 0, lifetime_points: 0 });
      await expectLedgerSound(t.database, org.id);
    });

    it('allow_negative: the balance goes below 0, and a negative balance redeems nothing', async () => {
      const { org, code, sold, reward } = await spent('allow_negative');
      const res = await refund(org, { sale_external_ref: sold }).expect(201);
      expect(res.body).toMatchObject({ points_removed: 100, unrecovered_points: 0, customer: { points_balance: -80 } });
      const cheap = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Mint', points_cost: 1 }).expect(201)).body.reward;
      for (const id of [reward.id, cheap.id]) {
        expect(
          (
            await pos(t, org.key)
              .post('/redemptions', { identifier: byCode(code), reward_id: id })
              .expect(422)
          ).body.error.code,
        ).toBe('insufficient_points');
      }
      await expectLedgerSound(t.database, org.id);
    });

    it('the database refuses a negative balance where the organization does not allow one', async () => {
      const org = await createOrganization(t);
      const code = await customer(org);
      await expect(
        t.database.query('UPDATE customer_accounts SET points_balance = -1 WHERE organization_id = $1 AND loyalty_code = $2', [org.id, code]),
      ).rejects.toMatchObject({
        code: '23514',
      });
    });
  });

  it('a refund that takes lifetime points below a tier lowers the tier', async () => {
    const org = await createOrganization(t);
    await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Gold', min_lifetime_points: 100, multiplier: 2 }).expect(201);
    const code = await customer(org);
    const sold = await sale(org, code, 10_000);
    expect((await lookup(org, code)).tier).toBe('Gold');
    await refund(org, { sale_external_ref: sold, amount_cents: 100 }).expect(201);
    expect(await lookup(org, code)).toMatchObject({ tier: null, lifetime_points: 99 });
  });

  it('retries answer the first refund (200, duplicate); the same ref for another refund is 409', async () => {
    const org = await createOrganization(t);
    const code = await customer(org);
    const sold = await sale(org, code, 5_000);
    const body = { sale_external_ref: sold, amount_cents: 1_000, external_ref: 'return-1' };
    const first = await refund(org, body).expect(201);
    const retry = await refund(org, body).expect(200);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
    expect((await refund(org, { ...body, amount_cents: 2_000 }).expect(409)).body.error.code).toBe('idempotency_conflict');
    expect(await lookup(org, code)).toMatchObject({ points_balance: 40 });
  });

  it('20 concurrent refunds of one sale, together asking more than it gave, end exactly capped', async () => {
    const org = await createOrganization(t, { earn_rate: 1.15 });
    const code = await customer(org);
    const sold = await sale(org, code, 10_000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => refund(org, { sale_external_ref: sold, amount_cents: 700, external_ref: `par-${i}` })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(14); // 14 × 700 = 9,800 ≤ 10,000 < 15 × 700
    expect(statuses.filter((s) => s === 422)).toHaveLength(6);
    const events = await t.database.query(
      `SELECT sum((data->>'amount_cents')::int)::int AS cents, sum((data->>'points_removed')::int)::int AS points FROM events
      WHERE organization_id = $1 AND type = 'points.refunded'`,
      [org.id],
    );
    expect(events.rows[0]).toEqual({ cents: 9_800, points: 115 - 2 }); // floor(2.00 × 1.15) kept
    expect(await lookup(org, code)).toMatchObject({ points_balance: 2, lifetime_points: 2 });
    await expectLedgerSound(t.database, org.id);
  });

  describe('reversing a redemption', () => {
    it('gives the points and the stock back, once, even raced against itself', async () => {
      const org = await createOrganization(t);
      const code = await customer(org);
      await sale(org, code, 10_000);
      const reward = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Mug', points_cost: 60, stock: 1 }).expect(201)).body.reward;
      const redeemed = await pos(t, org.key)
        .post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
        .expect(201);
      const id = redeemed.body.redemption_id;
      const answers = await Promise.all(Array.from({ length: 8 }, () => pos(t, org.key).post(`/redemptions/${id}/reversal`, { reason: 'Out of mugs' })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      for (const a of answers) expect(a.body).toMatchObject({ points_restored: 60, customer: { points_balance: 100 } });
      expect(answers.filter((a) => a.body.duplicate)).toHaveLength(7);
      expect(await lookup(org, code)).toMatchObject({ points_balance: 100, lifetime_points: 100 });
      // The mug is back in stock: it can be redeemed again.
      await pos(t, org.key)
        .post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
        .expect(201);
      await expectLedgerSound(t.database, org.id);
    });

    it('answers 404 redemption_not_found for an unknown id, a sale’s event, or another organization’s redemption', async () => {
      const org = await createOrganization(t);
      const other = await createOrganization(t);
      const code = await customer(other);
      await sale(other, code, 10_000);
      const reward = (await admin(t).post(`/organizations/${other.id}/rewards`, { name: 'Cookie', points_cost: 10 }).expect(201)).body.reward;
      const theirs = (
        await pos(t, other.key)
          .post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
          .expect(201)
      ).body.redemption_id;
      const [saleEvent] = (await t.database.query(`SELECT event_id FROM events WHERE organization_id = $1 AND type = 'points.awarded'`, [other.id])).rows;
      for (const id of [theirs, saleEvent.event_id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await pos(t, org.key).post(`/redemptions/${id}/reversal`, {}).expect(404);
        expect(res.body.error.code).toBe('redemption_not_found');
      }
      expect((await pos(t, other.key).post(`/redemptions/${theirs}/reversal`, {}).expect(201)).body.points_restored).toBe(10);
    });
  });
});
