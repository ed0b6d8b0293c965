import fc from 'fast-check';
import { replayStored } from '../src/modules/customer-stream/stored-customer-event';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The write side's one promise, as a property: whatever sequence of commands the tills send (some
 * refused, some retried, some at the same time), the projection row the service wrote for a
 * customer is exactly the fold of `evolve` over that customer's stored events.
 */
describe('the customer stream: projection = fold of evolve over the stream', () => {
  let t: TestApp;
  let org: TestOrganization;
  let rewards: { cheap: string; limited: string; gold: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t, { earn_rate: 1.15 });
    await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Gold', min_lifetime_points: 300, multiplier: 1.5 }).expect(201);
    await admin(t).post(`/organizations/${org.id}/earn-rules`, { name: '2 coffees', type: 'product', match: 'coffee', quantity: 2, points: 7 }).expect(201);
    const reward = async (body: object) => (await admin(t).post(`/organizations/${org.id}/rewards`, body).expect(201)).body.reward.id as string;
    rewards = {
      cheap: await reward({ name: 'Cookie', points_cost: 20 }),
      limited: await reward({ name: 'Mug', points_cost: 40, stock: 3 }),
      gold: await reward({ name: 'Cake', points_cost: 60, min_tier: 'Gold' }),
    };
  });
  afterAll(() => t.close());

  type Command =
    | { kind: 'award'; amount: number; ref: string | null }
    | { kind: 'order'; coffees: number; ref: string | null }
    | { kind: 'redeem'; reward: keyof typeof rewards; ref: string | null };

  const ref = fc.option(fc.constantFrom('r1', 'r2', 'r3', 'r4'), { nil: null });
  const command: fc.Arbitrary<Command> = fc.oneof(
    fc.record({ kind: fc.constant('award' as const), amount: fc.integer({ min: 1, max: 40_000 }), ref }),
    fc.record({ kind: fc.constant('order' as const), coffees: fc.integer({ min: 1, max: 5 }), ref }),
    fc.record({ kind: fc.constant('redeem' as const), reward: fc.constantFrom('cheap', 'limited', 'gold') as fc.Arbitrary<keyof typeof rewards>, ref }),
  );

  function send(code: string, c: Command, run: number) {
    const identifier = { type: 'loyalty_code', value: code };
    const external_ref = c.ref === null ? undefined : `${run}-${c.ref}`;
    if (c.kind === 'award') return pos(t, org.key).post('/transactions', { identifier, amount_cents: c.amount, external_ref });
    if (c.kind === 'order') {
      return pos(t, org.key).post('/orders', { identifier, external_ref, line_items: [{ name: 'Coffee', quantity: c.coffees, unit_price_cents: 350 }] });
    }
    return pos(t, org.key).post('/redemptions', { identifier, reward_id: rewards[c.reward], external_ref });
  }

  async function projectionAndReplay(customerId: string) {
    const events = await t.database.query(
      `SELECT type, schema_version, data FROM events WHERE organization_id = $1 AND stream_id = $2 ORDER BY stream_version`,
      [org.id, customerId],
    );
    const row = await t.database.query(
      `SELECT loyalty_code, name, email, birthday, points_balance::int AS points_balance, lifetime_points::int AS lifetime_points, lots, version
       FROM customer_accounts WHERE organization_id = $1 AND id = $2`,
      [org.id, customerId],
    );
    const replayed = replayStored(events.rows.map((e) => ({ type: e.type, schemaVersion: e.schema_version, data: e.data })));
    const r = row.rows[0];
    const stored = {
      loyaltyCode: r.loyalty_code,
      name: r.name,
      email: r.email,
      birthday: r.birthday,
      pointsBalance: r.points_balance,
      lifetimePoints: r.lifetime_points,
      lots: r.lots,
      version: r.version,
    };
    return { stored, replayed };
  }

  let run = 0;
  it('holds for random sequences of awards, orders and redemptions, sent in turn and in parallel, with retries and conflicting refs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(command, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), async (rounds) => {
        run++;
        const email = `p${run}-${Date.now()}@example.com`;
        const registered = await pos(t, org.key).post('/customers', { name: 'Prop', email, birthday: '1990-05-01' }).expect(201);
        const code = registered.body.customer.loyalty_code;
        // Each round's commands go out together: the stream decides their order.
        for (const round of rounds) {
          const answers = await Promise.all(round.map((c) => send(code, c, run)));
          for (const answer of answers) expect([200, 201, 404, 409, 422]).toContain(answer.status);
        }
        const { rows } = await t.database.query('SELECT id FROM customer_accounts WHERE organization_id = $1 AND loyalty_code = $2', [org.id, code]);
        const { stored, replayed } = await projectionAndReplay(rows[0].id);
        expect(stored).toEqual(replayed);
      }),
      { numRuns: 25 },
    );
  });
});
