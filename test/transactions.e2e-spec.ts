import { randomUUID } from 'node:crypto';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { daysAgo, zonedInstant } from './support/zoned-time';

describe('POST /api/v1/transactions: awarding points', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function customerOf(org: TestOrganization, body: object = { name: 'Sophie' }): Promise<string> {
    const res = await pos(t, org.key).post('/customers', body).expect(201);
    return res.body.customer.loyalty_code;
  }
  const byCode = (value: string) => ({ type: 'loyalty_code', value });
  const balanceOf = async (org: TestOrganization, code: string) => (await pos(t, org.key).get(`/customers/${code}`).expect(200)).body.customer;
  const awardEvents = async (org: TestOrganization) =>
    (
      await t.database.query(`SELECT data, occurred_at, stream_version FROM events WHERE organization_id = $1 AND type = 'points.awarded' ORDER BY position`, [
        org.id,
      ])
    ).rows;

  describe('the points', () => {
    let org: TestOrganization;
    beforeAll(async () => {
      org = await createOrganization(t);
    });

    it('awards amount × earn rate, as on the seed page (2500 cents at 1 point per unit = 25)', async () => {
      const code = await customerOf(org);
      const res = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 2500, external_ref: 'order-12345' })
        .expect(201);
      expect(res.body).toEqual({
        customer: { loyalty_code: code, name: 'Sophie', points_balance: 25 },
        points_added: 25,
        duplicate: false,
        bonus_applied: null,
      });
      expect(await balanceOf(org, code)).toMatchObject({ points_balance: 25, lifetime_points: 25 });
    });

    it('computes exactly and rounds down once: 100.00 at 1.15 is 115, not 114', async () => {
      const exact = await createOrganization(t, { earn_rate: 1.15 });
      const code = await customerOf(exact);
      const res = await pos(t, exact.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 10000 })
        .expect(201);
      expect(res.body.points_added).toBe(115);
      const down = await pos(t, exact.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 199 })
        .expect(201);
      expect(down.body.points_added).toBe(2); // 1.99 × 1.15 = 2.2885
    });

    it('identifies the customer by email, case-insensitively', async () => {
      await customerOf(org, { name: 'Mail Max', email: 'max@example.com' });
      const res = await pos(t, org.key)
        .post('/transactions', { identifier: { type: 'email', value: ' MAX@example.com' }, amount_cents: 1000 })
        .expect(201);
      expect(res.body.customer).toMatchObject({ name: 'Mail Max', points_balance: 10 });
    });

    it('answers 422 amount_too_low for less than 1 point, records nothing, and leaves the ref unused', async () => {
      const code = await customerOf(org);
      const low = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 99, external_ref: 'low-1' })
        .expect(422);
      expect(low.body.error.code).toBe('amount_too_low');
      expect(await balanceOf(org, code)).toMatchObject({ points_balance: 0 });
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 500, external_ref: 'low-1' })
        .expect(201);
    });

    it('answers 404 customer_not_found for an unknown customer, and leaves the ref unused', async () => {
      const res = await pos(t, org.key)
        .post('/transactions', { identifier: byCode('ABCDEF12'), amount_cents: 500, external_ref: 'ghost-1' })
        .expect(404);
      expect(res.body.error.code).toBe('customer_not_found');
      const email = await pos(t, org.key)
        .post('/transactions', { identifier: { type: 'email', value: 'ghost@example.com' }, amount_cents: 500 })
        .expect(404);
      expect(email.body.error.code).toBe('customer_not_found');
      const code = await customerOf(org);
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 500, external_ref: 'ghost-1' })
        .expect(201);
    });

    it('records points.awarded with its inputs and breakdown, at the sale time', async () => {
      const ledgerOrg = await createOrganization(t, { earn_rate: '1.5' });
      const code = await customerOf(ledgerOrg);
      const occurredAt = new Date(Date.now() - 3600_000).toISOString();
      await pos(t, ledgerOrg.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 2000, external_ref: 'ledger-1', occurred_at: occurredAt })
        .expect(201);
      const [event] = await awardEvents(ledgerOrg);
      expect(event.data).toEqual({
        source: 'transaction',
        external_ref: 'ledger-1',
        amount_cents: 2000,
        earn_rate: '1.5',
        bonus: null,
        tier: null,
        base_points: 30,
        rules: [],
        product_points: 0,
        points: 30,
        expires_at: null,
        balance_after: 30,
        lifetime_points_after: 30,
      });
      expect(event.occurred_at.toISOString()).toBe(occurredAt);
      expect(event.stream_version).toBe(2);
    });

    it.each([
      ['amount_cents 0', { amount_cents: 0 }, 'amount_cents'],
      ['a fractional amount', { amount_cents: 12.5 }, 'amount_cents'],
      ['an amount given as a string', { amount_cents: '2500' }, 'amount_cents'],
      ['a huge amount', { amount_cents: 1e300 }, 'amount_cents'],
      ['a missing identifier', { identifier: undefined }, 'identifier'],
      ['an unknown identifier type', { identifier: { type: 'phone', value: '123' } }, 'identifier.type'],
      ['an identifier without a value', { identifier: { type: 'email' } }, 'identifier.value'],
      ['an empty external_ref', { external_ref: '' }, 'external_ref'],
      ['an external_ref over 255 characters', { external_ref: 'r'.repeat(256) }, 'external_ref'],
      ['occurred_at that is not a date', { occurred_at: 'yesterday' }, 'occurred_at'],
      ['occurred_at without a time zone', { occurred_at: '2026-11-20T10:00:00' }, 'occurred_at'],
      ['occurred_at more than 30 days old', { occurred_at: new Date(Date.now() - 31 * 86400000).toISOString() }, 'occurred_at'],
      ['occurred_at more than 5 minutes ahead', { occurred_at: new Date(Date.now() + 10 * 60000).toISOString() }, 'occurred_at'],
    ])('refuses %s with 400 invalid_request', async (_, change, field) => {
      const code = await customerOf(org);
      const res = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 1000, ...change })
        .expect(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
    });
  });

  describe('bonuses and tiers', () => {
    it('applies a happy-hour bonus judged at occurred_at in the organization time zone', async () => {
      const org = await createOrganization(t, { timezone: 'America/New_York' });
      await admin(t).post(`/organizations/${org.id}/bonuses`, { name: 'Happy hour', multiplier: 2, start_time: '16:00', end_time: '18:00' }).expect(201);
      const code = await customerOf(org);
      const day = daysAgo(2);
      const inside = zonedInstant(day, '16:30', 'America/New_York').toISOString();
      const outside = zonedInstant(day, '18:00', 'America/New_York').toISOString(); // end is exclusive

      const happy = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 1000, occurred_at: inside })
        .expect(201);
      expect(happy.body).toMatchObject({ points_added: 20, bonus_applied: 'Happy hour' });
      const plain = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 1000, occurred_at: outside })
        .expect(201);
      expect(plain.body).toMatchObject({ points_added: 10, bonus_applied: null });
      // 16:30 in New York is not 16:30 UTC: the same wall-clock time in UTC is outside the window.
      const utcWallClock = `${day}T16:30:00Z`;
      const utc = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 1000, occurred_at: utcWallClock })
        .expect(201);
      expect(utc.body.bonus_applied).toBeNull();
    });

    it('uses the highest active bonus, and ignores inactive ones', async () => {
      const org = await createOrganization(t);
      await admin(t).post(`/organizations/${org.id}/bonuses`, { name: 'Double', multiplier: 2 }).expect(201);
      await admin(t).post(`/organizations/${org.id}/bonuses`, { name: 'Triple', multiplier: '3' }).expect(201);
      await admin(t).post(`/organizations/${org.id}/bonuses`, { name: 'Off', multiplier: 10, active: false }).expect(201);
      const code = await customerOf(org);
      const res = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 1000 })
        .expect(201);
      expect(res.body).toMatchObject({ points_added: 30, bonus_applied: 'Triple' });
    });

    it('multiplies by the tier reached before the award, so a promotion changes the next award', async () => {
      const org = await createOrganization(t);
      await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Silver', min_lifetime_points: 100, multiplier: 2 }).expect(201);
      const code = await customerOf(org);
      const first = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 10000 })
        .expect(201);
      expect(first.body.points_added).toBe(100); // lifetime was 0: no tier yet
      expect((await balanceOf(org, code)).tier).toBe('Silver');
      const second = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 1000 })
        .expect(201);
      expect(second.body.points_added).toBe(20);
      const events = await awardEvents(org);
      expect(events[1].data.tier).toEqual({ name: 'Silver', multiplier: '2' });
    });
  });

  describe('idempotency', () => {
    let org: TestOrganization;
    let code: string;
    beforeAll(async () => {
      org = await createOrganization(t);
      code = await customerOf(org);
    });

    it('answers a retry with 200, duplicate: true, the original points and the current balance', async () => {
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 3000, external_ref: 'till-1-0001' })
        .expect(201);
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 500 })
        .expect(201);
      const retry = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 3000, external_ref: 'till-1-0001' })
        .expect(200);
      expect(retry.body).toEqual({
        customer: { loyalty_code: code, name: 'Sophie', points_balance: 35 },
        points_added: 30,
        duplicate: true,
        bonus_applied: null,
      });
      expect((await balanceOf(org, code)).points_balance).toBe(35);
    });

    it('answers 409 idempotency_conflict for the same ref with another amount or customer, recording nothing', async () => {
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 1000, external_ref: 'till-1-0002' })
        .expect(201);
      const before = (await balanceOf(org, code)).points_balance;
      const amount = await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 1001, external_ref: 'till-1-0002' })
        .expect(409);
      expect(amount.body.error.code).toBe('idempotency_conflict');
      const otherCustomer = await customerOf(org);
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(otherCustomer), amount_cents: 1000, external_ref: 'till-1-0002' })
        .expect(409);
      expect((await balanceOf(org, code)).points_balance).toBe(before);
      expect((await balanceOf(org, otherCustomer)).points_balance).toBe(0);
    });

    it('records 25 parallel retries of one ref exactly once; the others answer as retries, none 5xx', async () => {
      const customer = await customerOf(org);
      const body = { identifier: byCode(customer), amount_cents: 4200, external_ref: `burst-${randomUUID()}` };
      const results = await Promise.all(Array.from({ length: 25 }, () => pos(t, org.key).post('/transactions', body)));
      expect(results.map((r) => r.status).sort()).toEqual([...Array(24).fill(200), 201]);
      for (const r of results) expect(r.body.points_added).toBe(42);
      expect((await balanceOf(org, customer)).points_balance).toBe(42);
      const { rows } = await t.database.query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1 AND data->>'external_ref' = $2`, [
        org.id,
        body.external_ref,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('settles a race for one ref between two different sales: one recorded, the same sale a retry, the other 409', async () => {
      const [first, second] = [await customerOf(org), await customerOf(org)];
      const ref = `race-${randomUUID()}`;
      const sales = [
        { identifier: byCode(first), amount_cents: 1000, external_ref: ref },
        { identifier: byCode(second), amount_cents: 2000, external_ref: ref },
      ];
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pos(t, org.key).post('/transactions', sales[i % 2])));
      const winner = results.find((r) => r.status === 201)!;
      const winnerSale = results.indexOf(winner) % 2;
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      results.forEach((r, i) => expect(r.status).toBe(i % 2 === winnerSale ? (r === winner ? 201 : 200) : 409));
      const balances = [(await balanceOf(org, first)).points_balance, (await balanceOf(org, second)).points_balance];
      expect(balances).toEqual(winnerSale === 0 ? [10, 0] : [0, 20]);
      const { rows } = await t.database.query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1 AND data->>'external_ref' = $2`, [org.id, ref]);
      expect(rows[0].n).toBe(1);
    });

    it('counts all of 40 parallel distinct awards to one customer', async () => {
      const customer = await customerOf(org);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          pos(t, org.key).post('/transactions', { identifier: byCode(customer), amount_cents: 100 * (i + 1), external_ref: `many-${customer}-${i}` }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
      const expected = (40 * 41) / 2; // 1 + 2 + … + 40 points
      expect(await balanceOf(org, customer)).toMatchObject({ points_balance: expected, lifetime_points: expected });
      const { rows } = await t.database.query(
        `SELECT e.stream_version FROM events e JOIN customer_accounts c ON c.organization_id = e.organization_id AND c.id = e.stream_id
         WHERE c.organization_id = $1 AND c.loyalty_code = $2 ORDER BY e.stream_version`,
        [org.id, customer],
      );
      expect(rows.map((r) => r.stream_version)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    });

    it("keeps refs per organization: another organization's same ref is its own", async () => {
      const other = await createOrganization(t);
      const theirs = await customerOf(other);
      await pos(t, other.key)
        .post('/transactions', { identifier: byCode(theirs), amount_cents: 3000, external_ref: 'till-1-0001' })
        .expect(201);
    });

    it("cannot award points to another organization's customer", async () => {
      const other = await createOrganization(t);
      const res = await pos(t, other.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 3000 })
        .expect(404);
      expect(res.body.error.code).toBe('customer_not_found');
    });
  });
});
