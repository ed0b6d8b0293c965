import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const envelope = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const TIMESTAMP = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

describe('Admin API: tiers, bonuses and earn rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const path = (org: TestOrganization | string, rest: string) => `/organizations/${typeof org === 'string' ? org : org.id}/${rest}`;

  /** A customer of `org`, and a way to see what 10.00 earns them right now. */
  async function customerOf(org: TestOrganization) {
    const api = pos(t, org.key);
    const created = await api.post('/customers', { name: 'Sophie' }).expect(201);
    const identifier = { type: 'loyalty_code', value: created.body.customer.loyalty_code };
    return {
      buy: async (amount_cents = 1000) => (await api.post('/transactions', { identifier, amount_cents }).expect(201)).body,
      order: async (line_items: object[]) => (await api.post('/orders', { identifier, line_items }).expect(201)).body,
    };
  }

  describe('tiers', () => {
    it('POST creates a tier: 201 with the tier wrapped in `tier`', async () => {
      const org = await createOrganization(t);
      const res = await admin(t).post(path(org, 'tiers'), { name: 'Gold', min_lifetime_points: 1000, multiplier: 1.5 }).expect(201);
      expect(res.body).toEqual({ tier: { id: UUID, name: 'Gold', min_lifetime_points: 1000, multiplier: 1.5, created_at: TIMESTAMP } });
    });

    it('accepts a multiplier as a decimal string with up to 4 decimal places', async () => {
      const org = await createOrganization(t);
      const res = await admin(t).post(path(org, 'tiers'), { name: 'Silver', min_lifetime_points: 0, multiplier: '1.2345' }).expect(201);
      expect(res.body.tier.multiplier).toBe(1.2345);
    });

    it('GET lists the tiers wrapped in `tiers`, by min_lifetime_points', async () => {
      const org = await createOrganization(t);
      for (const [name, min] of [
        ['Gold', 1000],
        ['Bronze', 0],
        ['Silver', 500],
      ] as const) {
        await admin(t).post(path(org, 'tiers'), { name, min_lifetime_points: min, multiplier: 2 }).expect(201);
      }
      const res = await admin(t).get(path(org, 'tiers')).expect(200);
      expect(res.body.tiers.map((x: any) => [x.name, x.min_lifetime_points])).toEqual([
        ['Bronze', 0],
        ['Silver', 500],
        ['Gold', 1000],
      ]);
    });

    it("lists only the organization's own tiers", async () => {
      const a = await createOrganization(t);
      const b = await createOrganization(t);
      await admin(t).post(path(a, 'tiers'), { name: 'Gold', min_lifetime_points: 1000, multiplier: 2 }).expect(201);
      expect((await admin(t).get(path(b, 'tiers')).expect(200)).body).toEqual({ tiers: [] });
    });

    it('PATCH changes only the fields given and answers the whole tier', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'tiers'), { name: 'Gold', min_lifetime_points: 1000, multiplier: 2 }).expect(201);
      const res = await admin(t)
        .patch(path(org, `tiers/${body.tier.id}`), { multiplier: 2.5 })
        .expect(200);
      expect(res.body).toEqual({ tier: { ...body.tier, multiplier: 2.5 } });
      const renamed = await admin(t)
        .patch(path(org, `tiers/${body.tier.id}`), { name: 'Platinum' })
        .expect(200);
      expect(renamed.body.tier).toEqual({ ...body.tier, name: 'Platinum', multiplier: 2.5 });
    });

    it('a changed multiplier applies to the next purchase', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'tiers'), { name: 'Everyone', min_lifetime_points: 0, multiplier: 2 }).expect(201);
      const customer = await customerOf(org);
      expect((await customer.buy()).points_added).toBe(20);
      await admin(t)
        .patch(path(org, `tiers/${body.tier.id}`), { multiplier: 3 })
        .expect(200);
      expect((await customer.buy()).points_added).toBe(30);
    });

    it('DELETE answers 204, the tier is gone and no longer multiplies', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'tiers'), { name: 'Everyone', min_lifetime_points: 0, multiplier: 2 }).expect(201);
      const customer = await customerOf(org);
      expect((await customer.buy()).points_added).toBe(20);

      const res = await admin(t)
        .delete(path(org, `tiers/${body.tier.id}`))
        .expect(204);
      expect(res.text).toBe('');
      expect((await admin(t).get(path(org, 'tiers')).expect(200)).body).toEqual({ tiers: [] });
      expect((await customer.buy()).points_added).toBe(10);
      expect(
        (
          await admin(t)
            .delete(path(org, `tiers/${body.tier.id}`))
            .expect(404)
        ).body,
      ).toEqual(envelope('not_found'));
    });

    const invalid: Array<[string, object]> = [
      ['multiplier 0', { multiplier: 0 }],
      ['multiplier -1', { multiplier: -1 }],
      ['multiplier 1.23456 (5 decimal places)', { multiplier: 1.23456 }],
      ['multiplier "abc"', { multiplier: 'abc' }],
      ['multiplier missing', { multiplier: undefined }],
      ['min_lifetime_points -1', { min_lifetime_points: -1 }],
      ['min_lifetime_points 1.5', { min_lifetime_points: 1.5 }],
      ['an empty name', { name: '' }],
    ];
    it.each(invalid)('POST refuses %s with 400 invalid_request', async (_, change) => {
      const org = await createOrganization(t);
      const res = await admin(t)
        .post(path(org, 'tiers'), { name: 'Gold', min_lifetime_points: 100, multiplier: 2, ...change })
        .expect(400);
      expect(res.body).toEqual(envelope('invalid_request'));
      expect((await admin(t).get(path(org, 'tiers')).expect(200)).body).toEqual({ tiers: [] });
    });

    it('PATCH refuses an invalid multiplier with 400 and leaves the tier unchanged', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'tiers'), { name: 'Gold', min_lifetime_points: 100, multiplier: 2 }).expect(201);
      for (const multiplier of [0, -1, 1.23456, 'abc']) {
        const res = await admin(t)
          .patch(path(org, `tiers/${body.tier.id}`), { multiplier })
          .expect(400);
        expect(res.body).toEqual(envelope('invalid_request'));
      }
      expect((await admin(t).get(path(org, 'tiers')).expect(200)).body.tiers).toEqual([body.tier]);
    });
  });

  describe('bonuses', () => {
    const HAPPY_HOUR = {
      name: 'Happy hour',
      multiplier: 2,
      days_of_week: [1, 5],
      start_time: '16:00',
      end_time: '18:00',
      starts_on: '2026-01-01',
      ends_on: '2026-12-31',
      active: true,
    };

    it('POST creates a bonus with every field: 201 with the bonus wrapped in `bonus`', async () => {
      const org = await createOrganization(t);
      const res = await admin(t).post(path(org, 'bonuses'), HAPPY_HOUR).expect(201);
      expect(res.body).toEqual({ bonus: { id: UUID, ...HAPPY_HOUR, created_at: TIMESTAMP } });
    });

    it('POST creates a bonus from a name and a multiplier alone: every day, all day, active', async () => {
      const org = await createOrganization(t);
      const res = await admin(t).post(path(org, 'bonuses'), { name: 'Launch week', multiplier: '1.5' }).expect(201);
      expect(res.body.bonus).toEqual({
        id: UUID,
        name: 'Launch week',
        multiplier: 1.5,
        days_of_week: null,
        start_time: null,
        end_time: null,
        starts_on: null,
        ends_on: null,
        active: true,
        created_at: TIMESTAMP,
      });
    });

    it('accepts a window that crosses midnight (end before start)', async () => {
      const org = await createOrganization(t);
      const res = await admin(t).post(path(org, 'bonuses'), { name: 'Night owls', multiplier: 2, start_time: '22:00', end_time: '02:00' }).expect(201);
      expect(res.body.bonus).toMatchObject({ start_time: '22:00', end_time: '02:00' });
    });

    it('GET lists the bonuses wrapped in `bonuses`, in creation order', async () => {
      const org = await createOrganization(t);
      for (const name of ['Weekend', 'Anniversary', 'Happy hour']) await admin(t).post(path(org, 'bonuses'), { name, multiplier: 2 }).expect(201);
      const res = await admin(t).get(path(org, 'bonuses')).expect(200);
      expect(res.body.bonuses.map((b: any) => b.name)).toEqual(['Weekend', 'Anniversary', 'Happy hour']);
    });

    it('PATCH changes only the fields given', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'bonuses'), HAPPY_HOUR).expect(201);
      const res = await admin(t)
        .patch(path(org, `bonuses/${body.bonus.id}`), { multiplier: 3, end_time: '19:30' })
        .expect(200);
      expect(res.body).toEqual({ bonus: { ...body.bonus, multiplier: 3, end_time: '19:30' } });
    });

    it('PATCH active: false stops the bonus applying to the next transaction; active: true brings it back', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'bonuses'), { name: 'Triple points', multiplier: 3 }).expect(201);
      const customer = await customerOf(org);
      expect(await customer.buy()).toMatchObject({ points_added: 30, bonus_applied: 'Triple points' });

      const res = await admin(t)
        .patch(path(org, `bonuses/${body.bonus.id}`), { active: false })
        .expect(200);
      expect(res.body.bonus).toEqual({ ...body.bonus, active: false });
      expect(await customer.buy()).toMatchObject({ points_added: 10, bonus_applied: null });

      await admin(t)
        .patch(path(org, `bonuses/${body.bonus.id}`), { active: true })
        .expect(200);
      expect(await customer.buy()).toMatchObject({ points_added: 30, bonus_applied: 'Triple points' });
    });

    it('a bonus created inactive does not apply', async () => {
      const org = await createOrganization(t);
      await admin(t).post(path(org, 'bonuses'), { name: 'Later', multiplier: 3, active: false }).expect(201);
      expect(await (await customerOf(org)).buy()).toMatchObject({ points_added: 10, bonus_applied: null });
    });

    it('DELETE answers 204, the bonus is gone and no longer applies', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'bonuses'), { name: 'Triple points', multiplier: 3 }).expect(201);
      const customer = await customerOf(org);
      expect((await customer.buy()).points_added).toBe(30);
      await admin(t)
        .delete(path(org, `bonuses/${body.bonus.id}`))
        .expect(204);
      expect((await admin(t).get(path(org, 'bonuses')).expect(200)).body).toEqual({ bonuses: [] });
      expect(await customer.buy()).toMatchObject({ points_added: 10, bonus_applied: null });
    });

    const invalid: Array<[string, object]> = [
      ['multiplier 0', { multiplier: 0 }],
      ['multiplier -1', { multiplier: -1 }],
      ['multiplier 1.23456', { multiplier: 1.23456 }],
      ['multiplier "abc"', { multiplier: 'abc' }],
      ['start_time "25:00"', { start_time: '25:00', end_time: '18:00' }],
      ['end_time "18:60"', { start_time: '16:00', end_time: '18:60' }],
      ['start_time "4pm"', { start_time: '4pm', end_time: '18:00' }],
      ['only start_time, without end_time', { start_time: '16:00' }],
      ['only end_time, without start_time', { end_time: '18:00' }],
      ['starts_on after ends_on', { starts_on: '2026-06-02', ends_on: '2026-06-01' }],
      ['starts_on "2026-02-30" (not a real date)', { starts_on: '2026-02-30' }],
      ['days_of_week [7]', { days_of_week: [7] }],
      ['days_of_week [-1]', { days_of_week: [-1] }],
      ['days_of_week "monday"', { days_of_week: 'monday' }],
      ['active "yes"', { active: 'yes' }],
      ['a missing name', { name: undefined }],
    ];
    it.each(invalid)('POST refuses %s with 400 invalid_request and creates nothing', async (_, change) => {
      const org = await createOrganization(t);
      const res = await admin(t)
        .post(path(org, 'bonuses'), { name: 'Happy hour', multiplier: 2, ...change })
        .expect(400);
      expect(res.body).toEqual(envelope('invalid_request'));
      expect((await admin(t).get(path(org, 'bonuses')).expect(200)).body).toEqual({ bonuses: [] });
    });

    it('PATCH refuses a start_time without an end_time on a bonus that has no window, and invalid values, with 400', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'bonuses'), { name: 'All day', multiplier: 2 }).expect(201);
      for (const change of [{ start_time: '16:00' }, { multiplier: 0 }, { days_of_week: [7] }, { starts_on: '2026-06-02', ends_on: '2026-06-01' }]) {
        const res = await admin(t)
          .patch(path(org, `bonuses/${body.bonus.id}`), change)
          .expect(400);
        expect(res.body).toEqual(envelope('invalid_request'));
      }
      expect((await admin(t).get(path(org, 'bonuses')).expect(200)).body.bonuses).toEqual([body.bonus]);
    });
  });

  describe('earn rules', () => {
    const RULE = { name: '2 cappuccinos = 15 pts', type: 'product', match: 'Cappuccino', quantity: 2, points: 15 };

    it('POST creates an earn rule: 201 with the rule wrapped in `earn_rule`', async () => {
      const org = await createOrganization(t);
      const res = await admin(t).post(path(org, 'earn-rules'), RULE).expect(201);
      expect(res.body).toEqual({ earn_rule: { id: UUID, ...RULE, created_at: TIMESTAMP } });
    });

    it('defaults quantity to 1', async () => {
      const org = await createOrganization(t);
      const res = await admin(t).post(path(org, 'earn-rules'), { name: 'Drinks', type: 'category', match: 'drinks', points: 1 }).expect(201);
      expect(res.body.earn_rule).toMatchObject({ type: 'category', quantity: 1, points: 1 });
    });

    it('creates bulk rules with a quantity of at least 2', async () => {
      const org = await createOrganization(t);
      const res = await admin(t).post(path(org, 'earn-rules'), { name: '6 donuts', type: 'bulk', match: 'Donut', quantity: 6, points: 10 }).expect(201);
      expect(res.body.earn_rule).toMatchObject({ type: 'bulk', quantity: 6, points: 10 });
    });

    it('GET lists the rules wrapped in `earn_rules`, in creation order', async () => {
      const org = await createOrganization(t);
      for (const name of ['Zucchini bread', 'Apple pie', 'Muffin'])
        await admin(t)
          .post(path(org, 'earn-rules'), { ...RULE, name, match: name })
          .expect(201);
      const res = await admin(t).get(path(org, 'earn-rules')).expect(200);
      expect(res.body.earn_rules.map((r: any) => r.name)).toEqual(['Zucchini bread', 'Apple pie', 'Muffin']);
    });

    it('PATCH changes only the fields given, and the change applies to the next order', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'earn-rules'), RULE).expect(201);
      const customer = await customerOf(org);
      const items = [{ name: 'Cappuccino', quantity: 2, unit_price_cents: 350 }];
      expect(await customer.order(items)).toMatchObject({ product_points: 15 });

      const res = await admin(t)
        .patch(path(org, `earn-rules/${body.earn_rule.id}`), { points: 20 })
        .expect(200);
      expect(res.body).toEqual({ earn_rule: { ...body.earn_rule, points: 20 } });
      expect(await customer.order(items)).toMatchObject({ product_points: 20, rules_applied: ['2 cappuccinos = 15 pts'] });
    });

    it('DELETE answers 204, the rule is gone and no longer applies', async () => {
      const org = await createOrganization(t);
      const { body } = await admin(t).post(path(org, 'earn-rules'), RULE).expect(201);
      await admin(t)
        .delete(path(org, `earn-rules/${body.earn_rule.id}`))
        .expect(204);
      expect((await admin(t).get(path(org, 'earn-rules')).expect(200)).body).toEqual({ earn_rules: [] });
      const order = await (await customerOf(org)).order([{ name: 'Cappuccino', quantity: 2, unit_price_cents: 350 }]);
      expect(order).toMatchObject({ product_points: 0, rules_applied: [] });
    });

    const invalid: Array<[string, object]> = [
      ['a bulk rule with quantity 1', { type: 'bulk', quantity: 1 }],
      ['a bulk rule without a quantity (default 1)', { type: 'bulk', quantity: undefined }],
      ['type "other"', { type: 'other' }],
      ['quantity 0', { quantity: 0 }],
      ['quantity 1.5', { quantity: 1.5 }],
      ['points 0', { points: 0 }],
      ['points "15"', { points: '15' }],
      ['an empty match', { match: '' }],
      ['an empty name', { name: '' }],
      ['a name of 101 characters', { name: 'x'.repeat(101) }],
    ];
    it.each(invalid)('POST refuses %s with 400 invalid_request and creates nothing', async (_, change) => {
      const org = await createOrganization(t);
      const res = await admin(t)
        .post(path(org, 'earn-rules'), { ...RULE, ...change })
        .expect(400);
      expect(res.body).toEqual(envelope('invalid_request'));
      expect((await admin(t).get(path(org, 'earn-rules')).expect(200)).body).toEqual({ earn_rules: [] });
    });

    it('PATCH refuses to make a bulk rule out of quantity 1, and quantity 1 on a bulk rule', async () => {
      const org = await createOrganization(t);
      const product = (
        await admin(t)
          .post(path(org, 'earn-rules'), { ...RULE, quantity: 1 })
          .expect(201)
      ).body.earn_rule;
      const bulk = (
        await admin(t)
          .post(path(org, 'earn-rules'), { ...RULE, type: 'bulk', quantity: 6 })
          .expect(201)
      ).body.earn_rule;
      expect(
        (
          await admin(t)
            .patch(path(org, `earn-rules/${product.id}`), { type: 'bulk' })
            .expect(400)
        ).body,
      ).toEqual(envelope('invalid_request'));
      expect(
        (
          await admin(t)
            .patch(path(org, `earn-rules/${bulk.id}`), { quantity: 1 })
            .expect(400)
        ).body,
      ).toEqual(envelope('invalid_request'));
      expect((await admin(t).get(path(org, 'earn-rules')).expect(200)).body.earn_rules).toEqual([product, bulk]);
    });

    it('PATCH may turn a product rule with quantity 6 into a bulk rule', async () => {
      const org = await createOrganization(t);
      const rule = (
        await admin(t)
          .post(path(org, 'earn-rules'), { ...RULE, quantity: 6 })
          .expect(201)
      ).body.earn_rule;
      const res = await admin(t)
        .patch(path(org, `earn-rules/${rule.id}`), { type: 'bulk' })
        .expect(200);
      expect(res.body.earn_rule).toEqual({ ...rule, type: 'bulk' });
    });
  });

  describe('addressing and authorization', () => {
    const resources: Array<[string, object]> = [
      ['tiers', { name: 'Gold', min_lifetime_points: 100, multiplier: 2 }],
      ['bonuses', { name: 'Happy hour', multiplier: 2 }],
      ['earn-rules', { name: 'Cake', type: 'product', match: 'Cake', points: 3 }],
    ];

    describe.each(resources)('/%s', (resource, body) => {
      it('answers an unknown organization with 404 not_found on every route', async () => {
        const org = randomUUID();
        const id = randomUUID();
        for (const res of [
          await admin(t).post(path(org, resource), body),
          await admin(t).get(path(org, resource)),
          await admin(t).patch(path(org, `${resource}/${id}`), body),
          await admin(t).delete(path(org, `${resource}/${id}`)),
        ]) {
          expect(res.status).toBe(404);
          expect(res.body).toEqual(envelope('not_found'));
        }
      });

      it('answers a malformed organization id ("abc") with 404 not_found', async () => {
        for (const res of [await admin(t).post(path('abc', resource), body), await admin(t).get(path('abc', resource))]) {
          expect(res.status).toBe(404);
          expect(res.body).toEqual(envelope('not_found'));
        }
      });

      it('answers a malformed id ("abc") with 404 not_found', async () => {
        const org = await createOrganization(t);
        for (const res of [await admin(t).patch(path(org, `${resource}/abc`), body), await admin(t).delete(path(org, `${resource}/abc`))]) {
          expect(res.status).toBe(404);
          expect(res.body).toEqual(envelope('not_found'));
        }
      });

      it('answers an unknown id with 404 not_found', async () => {
        const org = await createOrganization(t);
        const id = randomUUID();
        for (const res of [await admin(t).patch(path(org, `${resource}/${id}`), body), await admin(t).delete(path(org, `${resource}/${id}`))]) {
          expect(res.status).toBe(404);
          expect(res.body).toEqual(envelope('not_found'));
        }
      });

      it("answers another organization's id with 404 not_found and leaves it unchanged", async () => {
        const owner = await createOrganization(t);
        const intruder = await createOrganization(t);
        const created = await admin(t).post(path(owner, resource), body).expect(201);
        const id = Object.values(created.body as Record<string, { id: string }>)[0].id;
        expect(
          (
            await admin(t)
              .patch(path(intruder, `${resource}/${id}`), { name: 'Hijacked' })
              .expect(404)
          ).body,
        ).toEqual(envelope('not_found'));
        expect(
          (
            await admin(t)
              .delete(path(intruder, `${resource}/${id}`))
              .expect(404)
          ).body,
        ).toEqual(envelope('not_found'));
        const listed = Object.values((await admin(t).get(path(owner, resource)).expect(200)).body as Record<string, any[]>)[0];
        expect(listed).toEqual([Object.values(created.body)[0]]);
      });

      it('answers every route without the admin token, or with a wrong one, with 401 unauthorized', async () => {
        const org = await createOrganization(t);
        const id = randomUUID();
        const url = (rest = '') => `/api/admin/v1${path(org, resource)}${rest}`;
        for (const auth of [undefined, 'Bearer wrong-token', `Bearer ${org.key}`]) {
          const withAuth = (r: request.Test) => (auth ? r.set('authorization', auth) : r);
          for (const res of [
            await withAuth(request(t.server).post(url()).send(body)),
            await withAuth(request(t.server).get(url())),
            await withAuth(
              request(t.server)
                .patch(url(`/${id}`))
                .send(body),
            ),
            await withAuth(request(t.server).delete(url(`/${id}`))),
          ]) {
            expect(res.status).toBe(401);
            expect(res.body).toEqual(envelope('unauthorized'));
          }
        }
        expect(Object.values((await admin(t).get(path(org, resource)).expect(200)).body)[0]).toEqual([]);
      });
    });
  });
});
