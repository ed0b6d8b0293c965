import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { parseLedgerCommand } from '../src/modules/ledger/ledger-cli-args';
import { runLedgerCommand } from '../src/modules/ledger/ledger-commands';
import { expectLedgerSound, verifyLedgerOf } from './support/conservation';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('POST /api/admin/v1/organizations/:org/customers/:code/adjustments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const byCode = (value: string) => ({ type: 'loyalty_code', value });
  async function customerWith(org: TestOrganization, points: number): Promise<string> {
    const code = (await pos(t, org.key).post('/customers', { name: 'Sophie' }).expect(201)).body.customer.loyalty_code;
    if (points > 0)
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: points * 100 })
        .expect(201);
    return code;
  }
  const adjust = (org: TestOrganization, code: string, body: object) => admin(t).post(`/organizations/${org.id}/customers/${code}/adjustments`, body);
  const lookup = async (org: TestOrganization, code: string) => (await pos(t, org.key).get(`/customers/${code}`).expect(200)).body.customer;
  const adjustedEvents = async (org: TestOrganization) =>
    (await t.database.query(`SELECT event_id, data, metadata FROM events WHERE organization_id = $1 AND type = 'points.adjusted' ORDER BY position`, [org.id]))
      .rows;

  it('gives points: the balance and the lifetime points rise, and points.adjusted records the reason, the note and the admin', async () => {
    const org = await createOrganization(t);
    const code = await customerWith(org, 100);
    const res = await adjust(org, code, { points: 50, reason: 'goodwill', note: '  Coffee was cold ', external_ref: 'ticket-1' }).expect(201);
    expect(res.body).toEqual({
      customer: { loyalty_code: code, name: 'Sophie', points_balance: 150, lifetime_points: 150 },
      adjustment: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        points: 50,
        reason: 'goodwill',
        note: 'Coffee was cold',
        external_ref: 'ticket-1',
        created_at: expect.any(String),
      },
      duplicate: false,
    });
    expect(await lookup(org, code)).toMatchObject({ points_balance: 150, lifetime_points: 150 });
    const [event] = await adjustedEvents(org);
    expect(event.event_id).toBe(res.body.adjustment.id);
    expect(event.data).toEqual({
      points: 50,
      reason: 'goodwill',
      note: 'Coffee was cold',
      external_ref: 'ticket-1',
      actor: { type: 'admin' },
      expires_at: null, // the organization's points never expire: the adjustment's lot neither
      balance_after: 150,
      lifetime_points_after: 150,
    });
    await expectLedgerSound(t.database, org.id);
  });

  it('takes points from the balance only, down to exactly zero', async () => {
    const org = await createOrganization(t);
    const code = await customerWith(org, 100);
    const res = await adjust(org, code, { points: -40, reason: 'correction' }).expect(201);
    expect(res.body.customer).toMatchObject({ points_balance: 60, lifetime_points: 100 });
    expect(res.body.adjustment).toMatchObject({ points: -40, note: null, external_ref: null });
    await adjust(org, code, { points: -60, reason: 'fraud' }).expect(201);
    expect(await lookup(org, code)).toMatchObject({ points_balance: 0, lifetime_points: 100 });
  });

  it('refuses to take more than the balance: 422 insufficient_points, nothing recorded, the ref still free', async () => {
    const org = await createOrganization(t);
    const code = await customerWith(org, 30);
    const res = await adjust(org, code, { points: -31, reason: 'correction', external_ref: 'fix-1' }).expect(422);
    expect(res.body.error.code).toBe('insufficient_points');
    expect(await adjustedEvents(org)).toEqual([]);
    await adjust(org, code, { points: -30, reason: 'correction', external_ref: 'fix-1' }).expect(201);
  });

  it('raises the tier with lifetime points when points are given', async () => {
    const org = await createOrganization(t);
    await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Gold', min_lifetime_points: 500, multiplier: 1 }).expect(201);
    const code = await customerWith(org, 100);
    await adjust(org, code, { points: 400, reason: 'migration' }).expect(201);
    expect(await lookup(org, code)).toMatchObject({ tier: 'Gold', next_tier: null });
  });

  describe('idempotency', () => {
    it('answers a retry of the same external_ref with the original adjustment (200, duplicate), recording it once', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 10);
      const body = { points: 25, reason: 'goodwill', note: 'Sorry', external_ref: 'ticket-9' };
      const first = await adjust(org, code, body).expect(201);
      const again = await adjust(org, code, body).expect(200);
      expect(again.body).toEqual({ ...first.body, duplicate: true });
      expect(await adjustedEvents(org)).toHaveLength(1);
    });

    it('records 8 parallel retries once', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 10);
      const results = await Promise.all(Array.from({ length: 8 }, () => adjust(org, code, { points: 5, reason: 'goodwill', external_ref: 'same' })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.adjustment.id)).size).toBe(1);
      expect(await lookup(org, code)).toMatchObject({ points_balance: 15 });
    });

    it('answers 409 idempotency_conflict for the ref with another request, or a ref the POS used, sharing one reference space', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 10);
      await adjust(org, code, { points: 5, reason: 'goodwill', external_ref: 'ref-1' }).expect(201);
      for (const body of [
        { points: 6, reason: 'goodwill' },
        { points: 5, reason: 'other' },
        { points: 5, reason: 'goodwill', note: 'x' },
      ]) {
        expect((await adjust(org, code, { ...body, external_ref: 'ref-1' }).expect(409)).body.error.code).toBe('idempotency_conflict');
      }
      await pos(t, org.key)
        .post('/transactions', { identifier: byCode(code), amount_cents: 500, external_ref: 'sale-1' })
        .expect(201);
      expect((await adjust(org, code, { points: 5, reason: 'goodwill', external_ref: 'sale-1' }).expect(409)).body.error.code).toBe('idempotency_conflict');
      expect(
        (
          await pos(t, org.key)
            .post('/transactions', { identifier: byCode(code), amount_cents: 500, external_ref: 'ref-1' })
            .expect(409)
        ).body.error.code,
      ).toBe('idempotency_conflict');
    });
  });

  describe('concurrency', () => {
    it('never overdraws when negative adjustments race redemptions for the same points', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 100);
      const reward = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Cake', points_cost: 30 }).expect(201)).body.reward;
      const requests = Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0
          ? pos(t, org.key).post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
          : adjust(org, code, { points: -30, reason: 'correction', external_ref: `take-${i}` }),
      );
      const results = await Promise.all(requests);
      const accepted = results.filter((r) => r.status === 201);
      expect(accepted).toHaveLength(3); // 100 covers three takings of 30
      expect(results.filter((r) => r.status === 422).every((r) => r.body.error.code === 'insufficient_points')).toBe(true);
      expect(results.filter((r) => r.status !== 201 && r.status !== 422)).toEqual([]);
      expect(await lookup(org, code)).toMatchObject({ points_balance: 10, lifetime_points: 100 });
      await expectLedgerSound(t.database, org.id);
    });

    it('counts every positive adjustment made at once, with awards and redemptions among them', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 50);
      const reward = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Tea', points_cost: 10 }).expect(201)).body.reward;
      const requests = [
        ...Array.from({ length: 6 }, (_, i) => adjust(org, code, { points: 7, reason: 'goodwill', external_ref: `give-${i}` })),
        ...Array.from({ length: 4 }, () => pos(t, org.key).post('/redemptions', { identifier: byCode(code), reward_id: reward.id })),
        ...Array.from({ length: 3 }, () => pos(t, org.key).post('/transactions', { identifier: byCode(code), amount_cents: 200 })),
      ];
      expect((await Promise.all(requests)).map((r) => r.status)).toEqual(requests.map(() => 201));
      expect(await lookup(org, code)).toMatchObject({ points_balance: 50 + 42 - 40 + 6, lifetime_points: 50 + 42 + 6 });
      await expectLedgerSound(t.database, org.id);
    });
  });

  describe('refusals', () => {
    it('refuses a points value that is zero, fractional or too large, an unknown reason and a long note, with 400 naming the field', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 10);
      for (const [body, field] of [
        [{ points: 0, reason: 'goodwill' }, 'points'],
        [{ points: 1.5, reason: 'goodwill' }, 'points'],
        [{ points: '5', reason: 'goodwill' }, 'points'],
        [{ points: 1_000_000_001, reason: 'goodwill' }, 'points'],
        [{ reason: 'goodwill' }, 'points'],
        [{ points: 5 }, 'reason'],
        [{ points: 5, reason: 'bribe' }, 'reason'],
        [{ points: 5, reason: 'other', note: 'x'.repeat(501) }, 'note'],
        [{ points: 5, reason: 'other', external_ref: '' }, 'external_ref'],
      ] as const) {
        const res = await adjust(org, code, body).expect(400);
        expect(res.body.error.code).toBe('invalid_request');
        expect(res.body.error.details?.[0]?.field).toBe(field);
      }
      expect(await adjustedEvents(org)).toEqual([]);
    });

    it("answers 404 not_found for an unknown organization, customer_not_found for an unknown code or another organization's customer", async () => {
      const org = await createOrganization(t);
      const other = await createOrganization(t);
      const theirs = await customerWith(other, 10);
      const body = { points: 5, reason: 'goodwill' };
      expect((await admin(t).post(`/organizations/${randomUUID()}/customers/${theirs}/adjustments`, body).expect(404)).body.error.code).toBe('not_found');
      expect((await admin(t).post(`/organizations/nope/customers/${theirs}/adjustments`, body).expect(404)).body.error.code).toBe('not_found');
      for (const code of ['00000000', 'nope', theirs]) expect((await adjust(org, code, body).expect(404)).body.error.code).toBe('customer_not_found');
      expect(await lookup(other, theirs)).toMatchObject({ points_balance: 10 });
    });

    it('needs the admin token: a POS key or no token is 401', async () => {
      const org = await createOrganization(t);
      const code = await customerWith(org, 10);
      const path = `/api/admin/v1/organizations/${org.id}/customers/${code}/adjustments`;
      await request(t.server).post(path).set('authorization', `Bearer ${org.key}`).send({ points: 5, reason: 'goodwill' }).expect(401);
      await request(t.server).post(path).send({ points: 5, reason: 'goodwill' }).expect(401);
      expect(await adjustedEvents(org)).toEqual([]);
    });
  });

  it('is replayed by verify and rebuild like every other event', async () => {
    const org = await createOrganization(t);
    const code = await customerWith(org, 80);
    await adjust(org, code, { points: 20, reason: 'goodwill' }).expect(201);
    await adjust(org, code, { points: -70, reason: 'correction' }).expect(201);
    await pos(t, org.key).patch(`/customers/${code}`, { name: 'Sophie Martin' }).expect(200);
    // A projection knocked out of step is found by verify and put back by rebuild, from the events.
    await t.database.query('UPDATE customer_accounts SET points_balance = 999, lifetime_points = 999 WHERE organization_id = $1', [org.id]);
    const broken = await verifyLedgerOf(t.database, org.id);
    expect(broken.findings).toEqual([
      expect.objectContaining({ finding: 'projection_mismatch', expected: expect.objectContaining({ points_balance: 30, lifetime_points: 100 }) }),
    ]);
    expect(await runLedgerCommand(parseLedgerCommand(['rebuild', '--org', org.id]), t.database, new PassThrough().resume())).toBe(0);
    expect(await lookup(org, code)).toMatchObject({ points_balance: 30, lifetime_points: 100 });
    await expectLedgerSound(t.database, org.id);
  });
});
