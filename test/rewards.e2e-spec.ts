import { randomUUID } from 'node:crypto';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('rewards and redemptions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const byCode = (value: string) => ({ type: 'loyalty_code', value });
  async function customerWith(org: TestOrganization, points: number): Promise<string> {
    const res = await pos(t, org.key).post('/customers', { name: 'Sophie' }).expect(201);
    const code = res.body.customer.loyalty_code;
    if (points > 0)
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: points * 100 })
        .expect(201);
    return code;
  }
  const reward = async (org: TestOrganization, body: Record<string, unknown>) =>
    (
      await admin(t)
        .post(`/organizations/${org.id}/rewards`, { name: 'Free coffee', points_cost: 50, ...body })
        .expect(201)
    ).body.reward;
  const balanceOf = async (org: TestOrganization, code: string) => (await pos(t, org.key).get(`/customers/${code}`).expect(200)).body.customer.points_balance;
  const redeem = (org: TestOrganization, code: string, rewardId: string, extra: object = {}) =>
    pos(t, org.key).post('/redemptions', { identifier: byCode(code), reward_id: rewardId, ...extra });

  describe('GET /api/v1/rewards', () => {
    it('lists the active, currently available rewards, cheapest first, in the contract fields', async () => {
      const org = await createOrganization(t);
      await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Gold', min_lifetime_points: 1000, multiplier: 1.5 }).expect(201);
      const cake = await reward(org, { name: 'Cake', points_cost: 120, description: 'Any slice', icon: '🍰', min_tier: 'gold' });
      const coffee = await reward(org, { name: 'Free coffee', points_cost: 50, icon: '☕' });
      await reward(org, { name: 'Retired', points_cost: 10, active: false });
      await reward(org, { name: 'Next year', points_cost: 20, available_from: new Date(Date.now() + 86400000).toISOString() });
      await reward(org, { name: 'Last year', points_cost: 30, available_until: new Date(Date.now() - 86400000).toISOString() });

      const res = await pos(t, org.key).get('/rewards').expect(200);
      expect(res.body).toEqual({
        rewards: [
          { id: coffee.id, name: 'Free coffee', description: null, points_cost: 50, icon: '☕', min_tier: null },
          { id: cake.id, name: 'Cake', description: 'Any slice', points_cost: 120, icon: '🍰', min_tier: 'Gold' },
        ],
      });
    });

    it('drops a reward switched off with PATCH active: false', async () => {
      const org = await createOrganization(t);
      const r = await reward(org, {});
      await admin(t).patch(`/organizations/${org.id}/rewards/${r.id}`, { active: false }).expect(200);
      expect((await pos(t, org.key).get('/rewards').expect(200)).body.rewards).toEqual([]);
    });

    it("shows nothing of another organization's rewards", async () => {
      const org = await createOrganization(t);
      await reward(org, {});
      const other = await createOrganization(t);
      expect((await pos(t, other.key).get('/rewards').expect(200)).body.rewards).toEqual([]);
    });
  });

  describe('POST /api/v1/redemptions', () => {
    it('redeems: lowers only the balance, answers with the redemption, and records reward.redeemed', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 100);
      const r = await reward(org, { points_cost: 40 });
      const res = await redeem(org, code, r.id).expect(201);
      expect(res.body).toEqual({
        customer: { loyalty_code: code, name: 'Sophie', points_balance: 60 },
        reward_id: r.id,
        redemption_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        duplicate: false,
      });
      const customer = (await pos(t, org.key).get(`/customers/${code}`).expect(200)).body.customer;
      expect(customer).toMatchObject({ points_balance: 60, lifetime_points: 100 });
      const { rows } = await t.database.query(`SELECT event_id, data FROM events WHERE organization_id = $1 AND type = 'reward.redeemed'`, [org.id]);
      expect(rows).toEqual([
        {
          event_id: res.body.redemption_id,
          data: {
            redemption_id: res.body.redemption_id,
            reward_id: r.id,
            reward_name: 'Free coffee',
            points_cost: 40,
            tier: null,
            external_ref: null,
            lots: [{ lot: 0, points: 40, expires_at: null }],
            balance_after: 60,
          },
        },
      ]);
    });

    it('checks in order: customer, then reward, then tier, then stock, then balance', async () => {
      const org = await createOrganization(t);
      await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Gold', min_lifetime_points: 500, multiplier: 1 }).expect(201);
      const poor = await customerWith(org, 10);
      const goldOnly = await reward(org, { points_cost: 1000, min_tier: 'Gold', stock: 0 });
      const soldOut = await reward(org, { points_cost: 1000, stock: 0 });
      const dear = await reward(org, { points_cost: 1000 });
      const inactive = await reward(org, { active: false });

      const code = (r: any) => r.body.error.code;
      expect(code(await redeem(org, 'ABCDEF12', randomUUID()).expect(404))).toBe('customer_not_found');
      expect(code(await redeem(org, poor, randomUUID()).expect(404))).toBe('reward_not_found');
      expect(code(await redeem(org, poor, 'not-a-uuid').expect(404))).toBe('reward_not_found');
      expect(code(await redeem(org, poor, inactive.id).expect(404))).toBe('reward_not_found');
      expect(code(await redeem(org, poor, goldOnly.id).expect(422))).toBe('tier_locked');
      expect(code(await redeem(org, poor, soldOut.id).expect(422))).toBe('reward_unavailable');
      expect(code(await redeem(org, poor, dear.id).expect(422))).toBe('insufficient_points');
      expect(await balanceOf(org, poor)).toBe(10);
    });

    it('lets a customer of the required tier (or above) redeem a tier reward', async () => {
      const org = await createOrganization(t);
      await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Silver', min_lifetime_points: 100, multiplier: 1 }).expect(201);
      await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Gold', min_lifetime_points: 200, multiplier: 1 }).expect(201);
      const gold = await customerWith(org, 250);
      const silverReward = await reward(org, { min_tier: 'Silver', points_cost: 10 });
      await redeem(org, gold, silverReward.id).expect(201);
    });

    it("treats another organization's reward as not found", async () => {
      const org = await createOrganization(t);
      const other = await createOrganization(t);
      const theirs = await reward(other, {});
      const code = await customerWith(org, 100);
      expect((await redeem(org, code, theirs.id).expect(404)).body.error.code).toBe('reward_not_found');
    });

    it('refuses bad input with 400', async () => {
      const org = await createOrganization(t);
      for (const body of [
        {},
        { identifier: byCode('ABCDEF12') },
        { identifier: { type: 'x', value: 'y' }, reward_id: randomUUID() },
        { identifier: byCode('ABCDEF12'), reward_id: 5 },
      ]) {
        expect((await pos(t, org.key).post('/redemptions', body).expect(400)).body.error.code).toBe('invalid_request');
      }
    });
  });

  describe('concurrency', () => {
    it('lets exactly 2 of 10 parallel redemptions through when the balance covers 2', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 100);
      const r = await reward(org, { points_cost: 50 });
      const results = await Promise.all(Array.from({ length: 10 }, () => redeem(org, code, r.id)));
      expect(results.filter((x) => x.status === 201)).toHaveLength(2);
      const refused = results.filter((x) => x.status !== 201);
      expect(refused.every((x) => x.status === 422 && x.body.error.code === 'insufficient_points')).toBe(true);
      expect(await balanceOf(org, code)).toBe(0);
    });

    it('sells a stock of 1 to exactly one of 6 customers redeeming at once', async () => {
      const org = await createOrganization(t);
      const r = await reward(org, { points_cost: 10, stock: 1 });
      const customers = await Promise.all(Array.from({ length: 6 }, () => customerWith(org, 50)));
      const results = await Promise.all(customers.map((c) => redeem(org, c, r.id)));
      expect(results.filter((x) => x.status === 201)).toHaveLength(1);
      expect(results.filter((x) => x.status === 422 && x.body.error.code === 'reward_unavailable')).toHaveLength(5);
      const listed = (await admin(t).get(`/organizations/${org.id}/rewards`).expect(200)).body.rewards;
      expect(listed[0]).toMatchObject({ stock: 1, redeemed_count: 1 });
    });

    it('records 8 parallel retries of one redemption ref once', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 100);
      const r = await reward(org, { points_cost: 30 });
      const results = await Promise.all(Array.from({ length: 8 }, () => redeem(org, code, r.id, { external_ref: 'redeem-1' })));
      expect(results.map((x) => x.status).sort()).toEqual([201, 200, 200, 200, 200, 200, 200, 200].sort());
      expect(new Set(results.map((x) => x.body.redemption_id)).size).toBe(1);
      expect(results.every((x) => x.body.customer.points_balance === 70)).toBe(true);
      expect(await balanceOf(org, code)).toBe(70);
      const other = await customerWith(org, 100);
      expect((await redeem(org, other, r.id, { external_ref: 'redeem-1' }).expect(409)).body.error.code).toBe('idempotency_conflict');
    });
  });

  describe('the database backs the rules', () => {
    it('refuses a negative balance and an oversold stock even from SQL', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 10);
      await expect(
        t.database.query('UPDATE customer_accounts SET points_balance = -1 WHERE organization_id = $1 AND loyalty_code = $2', [org.id, code]),
      ).rejects.toThrow(/check/i);
      const r = await reward(org, { stock: 1 });
      await expect(t.database.query('UPDATE rewards SET redeemed_count = 2 WHERE organization_id = $1 AND id = $2', [org.id, r.id])).rejects.toThrow(/check/i);
    });
  });

  describe('admin', () => {
    it('validates rewards: an unknown min_tier, a zero cost, a bad window', async () => {
      const org = await createOrganization(t);
      await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'X', points_cost: 10, min_tier: 'Platinum' }).expect(400);
      await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'X', points_cost: 0 }).expect(400);
      await admin(t)
        .post(`/organizations/${org.id}/rewards`, {
          name: 'X',
          points_cost: 10,
          available_from: '2026-12-01T00:00:00Z',
          available_until: '2026-11-01T00:00:00Z',
        })
        .expect(400);
      await admin(t).post(`/organizations/${randomUUID()}/rewards`, { name: 'X', points_cost: 10 }).expect(404);
    });

    it('removes a reward, which then is not found', async () => {
      const org = await createOrganization(t);
      const r = await reward(org, {});
      await admin(t).delete(`/organizations/${org.id}/rewards/${r.id}`).expect(204);
      await admin(t).delete(`/organizations/${org.id}/rewards/${r.id}`).expect(404);
      const code = await customerWith(org, 100);
      expect((await redeem(org, code, r.id).expect(404)).body.error.code).toBe('reward_not_found');
    });
  });
});
