import { runCli } from './support/cli';
import { expectLedgerSound } from './support/conservation';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { ServiceProcess } from './support/service-process';
import { startTestApp, TestApp, testDatabaseUrl } from './support/test-app';
import { freePort } from './support/test-database';
import { TEST_ADMIN_TOKEN } from './support/fixtures';

const DAY = 86_400_000;

describe('points that expire', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { EXPIRY_INTERVAL_S: '0' } });
  });
  afterAll(() => t.close());

  const byCode = (value: string) => ({ type: 'loyalty_code', value });
  let refs = 0;
  const ref = (prefix: string) => `${prefix}-${++refs}`;
  const customer = async (org: TestOrganization) =>
    (await pos(t, org.key).post('/customers', { name: 'Sophie' }).expect(201)).body.customer.loyalty_code as string;
  const lookup = async (org: TestOrganization, code: string) => (await pos(t, org.key).get(`/customers/${code}`).expect(200)).body.customer;
  async function sale(org: TestOrganization, code: string, amount: number, occurredAt?: Date): Promise<string> {
    const external_ref = ref('sale');
    await pos(t, org.key)
      .post('/transactions', { identifier: byCode(code), amount_cents: amount, external_ref, ...(occurredAt && { occurred_at: occurredAt.toISOString() }) })
      .expect(201);
    return external_ref;
  }
  const events = async (org: TestOrganization, type: string) =>
    (await t.database.query(`SELECT stream_id, data, occurred_at FROM events WHERE organization_id = $1 AND type = $2 ORDER BY position`, [org.id, type])).rows;

  it('is an organization setting (1–3650 or null), null by default', async () => {
    const org = (await admin(t).post('/organizations', { name: 'Expiring' }).expect(201)).body.organization;
    expect(org.points_expire_after_days).toBeNull();
    const patched = await admin(t).patch(`/organizations/${org.id}`, { points_expire_after_days: 365 }).expect(200);
    expect(patched.body.organization.points_expire_after_days).toBe(365);
    for (const bad of [0, 3651, 1.5, 'soon']) {
      const res = await admin(t).patch(`/organizations/${org.id}`, { points_expire_after_days: bad }).expect(400);
      expect(res.body.error.details[0].field).toBe('points_expire_after_days');
    }
    await admin(t).patch(`/organizations/${org.id}`, { name: 'Renamed' }).expect(200);
    expect((await admin(t).get(`/organizations/${org.id}`).expect(200)).body.organization.points_expire_after_days).toBe(365);
    const cleared = await admin(t).patch(`/organizations/${org.id}`, { points_expire_after_days: null }).expect(200);
    expect(cleared.body.organization.points_expire_after_days).toBeNull();
  });

  it('gives each award a lot expiring at the end of the local day; a change of the setting applies to later awards only', async () => {
    const org = await createOrganization(t, { timezone: 'Europe/Paris', points_expire_after_days: 1 });
    const code = await customer(org);
    await sale(org, code, 1_000, new Date('2026-12-01T10:00:00Z'));
    await admin(t).patch(`/organizations/${org.id}`, { points_expire_after_days: 10 }).expect(200);
    await sale(org, code, 2_000, new Date('2026-12-01T10:00:00Z'));
    await admin(t).patch(`/organizations/${org.id}`, { points_expire_after_days: null }).expect(200);
    await sale(org, code, 3_000);
    const awarded = await events(org, 'points.awarded');
    expect(awarded.map((e) => e.data.expires_at)).toEqual(['2026-12-02T23:00:00.000Z', '2026-12-11T23:00:00.000Z', null]);
    expect((await lookup(org, code)).expiring).toEqual({ points: 10, at: '2026-12-02T23:00:00.000Z' });
  });

  it('expires a 29-day-old award with a 1-day expiry once, dated at its expiry, when three services run the job together', async () => {
    const org = await createOrganization(t, { timezone: 'Europe/Paris', points_expire_after_days: 1 });
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) codes.push(await customer(org));
    const old = new Date(Date.now() - 29 * DAY);
    for (const code of codes) {
      await sale(org, code, 1_000, old); // expired long ago
      await sale(org, code, 500, new Date(old.getTime() + 60_000)); // the same local day (most likely): its own lot
      await sale(org, code, 2_000); // expires tomorrow night: stays
    }
    const before = await lookup(org, codes[0]);
    expect(before).toMatchObject({ points_balance: 35, lifetime_points: 35 });
    expect(new Date(before.expiring.at).getTime()).toBeLessThan(Date.now());

    const services = await Promise.all(
      [0, 1, 2].map(async () =>
        new ServiceProcess({
          DATABASE_URL: testDatabaseUrl(),
          PORT: String(await freePort()),
          ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          EXPIRY_INTERVAL_S: '1',
        }).start(),
      ),
    );
    try {
      await Promise.all(services.map((s) => s.listening()));
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { rows } = await t.database.query(`SELECT count(*)::int AS n FROM customer_accounts WHERE organization_id = $1 AND next_expiry <= now()`, [
          org.id,
        ]);
        if (rows[0].n === 0) break;
        if (Date.now() > deadline) throw new Error('the services did not expire the lots in time');
        await new Promise((r) => setTimeout(r, 200));
      }
      // And the CLI, three at once, afterwards: nothing is left to expire.
      const runs = await Promise.all([0, 1, 2].map(() => runCli(['expire-points', '--org', org.id], testDatabaseUrl())));
      for (const run of runs) expect(run.json).toEqual({ expired: { customers: 0, lots: 0, points: 0 } });
    } finally {
      await Promise.all(services.map((s) => s.kill()));
    }

    const expired = await events(org, 'points.expired');
    const awarded = await events(org, 'points.awarded');
    const expiringLots = awarded.filter((e) => new Date(e.data.expires_at).getTime() < Date.now());
    // Exactly one expiry per lot, each dated at the lot's expiry.
    expect(expired).toHaveLength(expiringLots.length);
    expect(new Set(expired.map((e) => `${e.stream_id}:${e.data.lot}`)).size).toBe(expired.length);
    for (const e of expired) expect(e.occurred_at.toISOString()).toBe(e.data.expires_at);
    for (const code of codes) {
      const after = await lookup(org, code);
      expect(after).toMatchObject({ points_balance: 20, lifetime_points: 35 });
      expect(after.expiring.points).toBe(20);
    }
    // The feed shows the expiries, with the balance falling.
    const feed = (await admin(t).get(`/organizations/${org.id}/ledger?after=0&limit=1000`).expect(200)).body.events;
    const feedExpiries = feed.filter((e: { type: string }) => e.type === 'points.expired');
    expect(feedExpiries).toHaveLength(expired.length);
    expect(feedExpiries[0].data).toMatchObject({ points: expect.any(Number), balance_after: expect.any(Number) });
    await expectLedgerSound(t.database, org.id);
  }, 120_000);

  it('loses and doubles nothing when a service running the job is killed (SIGKILL) in the middle', async () => {
    const org = await createOrganization(t, { timezone: 'Europe/Paris', points_expire_after_days: 1 });
    const codes: string[] = [];
    for (let i = 0; i < 60; i++) codes.push(await customer(org));
    for (const code of codes) await sale(org, code, 1_000, new Date(Date.now() - 29 * DAY));
    const service = new ServiceProcess({
      DATABASE_URL: testDatabaseUrl(),
      PORT: String(await freePort()),
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      EXPIRY_INTERVAL_S: '1',
    }).start();
    try {
      await service.listening();
      // Killed as soon as the first expiries are in: the job is in the middle of its batch.
      for (let n = 0; n === 0; n = (await events(org, 'points.expired')).length) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await service.kill('SIGKILL');
    }
    const run = await runCli(['expire-points', '--org', org.id], testDatabaseUrl());
    expect(run.code).toBe(0);
    const expired = await events(org, 'points.expired');
    expect(expired).toHaveLength(codes.length);
    expect(new Set(expired.map((e) => e.stream_id)).size).toBe(codes.length);
    for (const code of codes) expect(await lookup(org, code)).toMatchObject({ points_balance: 0, lifetime_points: 10, expiring: null });
    await expectLedgerSound(t.database, org.id);
  }, 120_000);

  it('a redemption spends the soonest lot, its reversal restores it; a refund after expiry does not take the expired points twice', async () => {
    const org = await createOrganization(t, { timezone: 'Europe/Paris', points_expire_after_days: 1 });
    const code = await customer(org);
    const old = await sale(org, code, 5_000, new Date(Date.now() - 29 * DAY)); // 50, expired
    await sale(org, code, 3_000); // 30, expires tomorrow night
    const reward = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Cookie', points_cost: 20 }).expect(201)).body.reward;
    const redeemed = await pos(t, org.key)
      .post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
      .expect(201);
    const [redemption] = await events(org, 'reward.redeemed');
    expect(redemption.data.lots).toHaveLength(1);
    expect(redemption.data.lots[0].points).toBe(20); // from the 50 that expire first
    await pos(t, org.key).post(`/redemptions/${redeemed.body.redemption_id}/reversal`, {}).expect(201);
    // Spend 20 again, then expire: 30 of the old lot expire.
    await pos(t, org.key)
      .post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
      .expect(201);
    const run = await runCli(['expire-points', '--org', org.id], testDatabaseUrl());
    expect(run.json.expired).toEqual({ customers: 1, lots: 1, points: 30 });
    expect(await lookup(org, code)).toMatchObject({ points_balance: 30, lifetime_points: 80 });

    // The whole old sale comes back: 30 of its 50 points expired already and are not taken again.
    const refunded = await pos(t, org.key).post('/refunds', { sale_external_ref: old }).expect(201);
    expect(refunded.body).toMatchObject({ points_removed: 50, unrecovered_points: 0, customer: { points_balance: 10 } });
    const [refund] = await events(org, 'points.refunded');
    expect(refund.data).toMatchObject({ expired_points: 30 });
    expect(await lookup(org, code)).toMatchObject({ points_balance: 10, lifetime_points: 30, expiring: { points: 10 } });
    await expectLedgerSound(t.database, org.id);
  }, 60_000);
});
