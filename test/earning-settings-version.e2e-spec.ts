import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Each instance keeps an organization's earning settings between awards and reads them again only
 * when the award's own statement finds that the database's settings version moved
 * (award-points/policy-inputs-cache.ts). These tests change the settings between two awards, on
 * the same instance and on another one, and check the very next award.
 */
describe('Earning settings: a change applies to the very next award, on every instance', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const path = (org: TestOrganization, rest: string) => `/organizations/${org.id}${rest}`;

  async function settingsVersion(org: TestOrganization): Promise<number> {
    const { rows } = await a.database.query('SELECT settings_version FROM organizations WHERE id = $1', [org.id]);
    return Number(rows[0].settings_version);
  }

  /** A customer of `org`, and what 10.00 earns them now on an instance (two cappuccinos in an order). */
  async function customerOf(org: TestOrganization) {
    const created = await pos(a, org.key).post('/customers', { name: 'Sophie' }).expect(201);
    const identifier = { type: 'loyalty_code', value: created.body.customer.loyalty_code };
    return {
      buyOn: async (t: TestApp) => (await pos(t, org.key).post('/transactions', { identifier, amount_cents: 1000 }).expect(201)).body,
      orderOn: async (t: TestApp) =>
        (
          await pos(t, org.key)
            .post('/orders', { identifier, line_items: [{ name: 'Cappuccino', quantity: 2, unit_price_cents: 0 }], amount_cents: 1000 })
            .expect(201)
        ).body,
    };
  }

  it('moves the settings version with every change to what awards depend on, and only then', async () => {
    const org = await createOrganization(a);
    const steps: Array<[string, () => Promise<unknown>, boolean]> = [
      ['rename the organization', () => admin(a).patch(path(org, ''), { name: 'Renamed' }).expect(200), false],
      ['change the earn rate', () => admin(a).patch(path(org, ''), { earn_rate: 2 }).expect(200), true],
      ['change the time zone', () => admin(a).patch(path(org, ''), { timezone: 'Europe/Paris' }).expect(200), true],
      ['add a tier', () => admin(a).post(path(org, '/tiers'), { name: 'Gold', min_lifetime_points: 100, multiplier: 2 }).expect(201), true],
      ['add a bonus', () => admin(a).post(path(org, '/bonuses'), { name: 'Always', multiplier: 2 }).expect(201), true],
      [
        'add an earn rule',
        () => admin(a).post(path(org, '/earn-rules'), { name: 'Coffee', type: 'product', match: 'Cappuccino', points: 5 }).expect(201),
        true,
      ],
      ['add a reward', () => admin(a).post(path(org, '/rewards'), { name: 'Free coffee', points_cost: 10 }).expect(201), false],
    ];
    for (const [step, change, moves] of steps) {
      const before = await settingsVersion(org);
      await change();
      expect({ step, moved: (await settingsVersion(org)) > before }).toEqual({ step, moved: moves });
    }
  });

  it('applies a new earn rate to the next award, on the instance that awarded before and on another one', async () => {
    const org = await createOrganization(a);
    const customer = await customerOf(org);
    expect((await customer.buyOn(a)).points_added).toBe(10);
    expect((await customer.buyOn(b)).points_added).toBe(10);
    await admin(b).patch(path(org, ''), { earn_rate: 3 }).expect(200);
    expect((await customer.buyOn(a)).points_added).toBe(30);
    expect((await customer.buyOn(b)).points_added).toBe(30);
  });

  it('applies tiers, bonuses and earn rules changed on one instance to the next award on the other', async () => {
    const org = await createOrganization(a);
    const customer = await customerOf(org);
    expect((await customer.orderOn(b)).points_added).toBe(10);

    const tier = await admin(a).post(path(org, '/tiers'), { name: 'Everyone', min_lifetime_points: 0, multiplier: 2 }).expect(201);
    expect((await customer.buyOn(b)).points_added).toBe(20);
    await admin(a)
      .patch(path(org, `/tiers/${tier.body.tier.id}`), { multiplier: 3 })
      .expect(200);
    expect((await customer.buyOn(b)).points_added).toBe(30);
    await admin(a)
      .delete(path(org, `/tiers/${tier.body.tier.id}`))
      .expect(204);
    expect((await customer.buyOn(b)).points_added).toBe(10);

    const bonus = await admin(a).post(path(org, '/bonuses'), { name: 'Always', multiplier: 2 }).expect(201);
    expect((await customer.buyOn(b)).bonus_applied).toBe('Always');
    await admin(a)
      .patch(path(org, `/bonuses/${bonus.body.bonus.id}`), { active: false })
      .expect(200);
    expect((await customer.buyOn(b)).bonus_applied).toBeNull();

    await admin(a).post(path(org, '/earn-rules'), { name: 'Coffee', type: 'product', match: 'Cappuccino', points: 5 }).expect(201);
    expect(await customer.orderOn(b)).toEqual(expect.objectContaining({ product_points: 10, points_added: 20, rules_applied: ['Coffee'] }));
  });
});
