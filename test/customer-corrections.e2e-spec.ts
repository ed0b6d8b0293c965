import { expectLedgerSound } from './support/conservation';
import { createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('PATCH /api/v1/customers/:code: corrections', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const register = async (org: TestOrganization, body: object) =>
    (await pos(t, org.key).post('/customers', body).expect(201)).body.customer.loyalty_code as string;
  const correct = (org: TestOrganization, code: string, body: object) => pos(t, org.key).patch(`/customers/${code}`, body);
  const updates = async (org: TestOrganization, code: string) =>
    (
      await t.database.query(
        `SELECT e.data, e.stream_version FROM events e JOIN customer_accounts c ON c.organization_id = e.organization_id AND c.id = e.stream_id
         WHERE c.organization_id = $1 AND c.loyalty_code = $2 AND e.type = 'customer.updated' ORDER BY e.stream_version`,
        [org.id, code],
      )
    ).rows;
  const stored = async (org: TestOrganization, code: string) =>
    (await t.database.query('SELECT name, email, birthday FROM customer_accounts WHERE organization_id = $1 AND loyalty_code = $2', [org.id, code])).rows[0];

  it('corrects the name, email and birthday: customer.updated with the fields that changed, and the customer as corrected', async () => {
    const org = await createOrganization(t);
    const code = await register(org, { name: 'Sophie', email: 'sophie@exmaple.com', birthday: '1990-05-01' });
    await pos(t, org.key)
      .post('/transactions', { identifier: { type: 'loyalty_code', value: code }, amount_cents: 4200 })
      .expect(201);

    const res = await correct(org, code, { name: ' Sophie Martin ', email: '  Sophie@Example.COM ', birthday: '1990-05-01' }).expect(200);
    expect(res.body).toEqual({
      customer: { loyalty_code: code, name: 'Sophie Martin', email: 'sophie@example.com', birthday: '1990-05-01', points_balance: 42 },
      changed: ['name', 'email'],
    });
    expect(await updates(org, code)).toEqual([{ stream_version: 3, data: { name: 'Sophie Martin', email: 'sophie@example.com' } }]);
    expect((await pos(t, org.key).get('/customers?email=sophie@example.com').expect(200)).body.customer).toMatchObject({
      loyalty_code: code,
      name: 'Sophie Martin',
    });
    await pos(t, org.key).get('/customers?email=sophie@exmaple.com').expect(404);
    await expectLedgerSound(t.database, org.id);
  });

  it('records nothing when nothing differs', async () => {
    const org = await createOrganization(t);
    const code = await register(org, { name: 'Marc', email: 'marc@example.com' });
    const res = await correct(org, code, { name: 'Marc', email: 'MARC@example.com' }).expect(200);
    expect(res.body.changed).toEqual([]);
    expect(await updates(org, code)).toEqual([]);
  });

  it('removes an email or a birthday given as null; the email may then register again, as a new customer', async () => {
    const org = await createOrganization(t);
    const code = await register(org, { name: 'Ana', email: 'ana@example.com', birthday: '1985-02-03' });
    const res = await correct(org, code, { email: null, birthday: null }).expect(200);
    expect(res.body.customer).toMatchObject({ email: null, birthday: null, name: 'Ana' });
    expect(await stored(org, code)).toEqual({ name: 'Ana', email: null, birthday: null });
    expect(await updates(org, code)).toEqual([{ stream_version: 2, data: { email: null, birthday: null } }]);
    const again = await pos(t, org.key).post('/customers', { name: 'Ana again', email: 'ana@example.com' }).expect(201);
    expect(again.body.customer.loyalty_code).not.toBe(code);
  });

  it('answers 409 email_taken for an email another customer of the organization has, and changes nothing', async () => {
    const org = await createOrganization(t);
    await register(org, { name: 'Lea', email: 'lea@example.com' });
    const code = await register(org, { name: 'Leo', email: 'leo@example.com' });
    const res = await correct(org, code, { name: 'Leo B', email: ' LEA@example.com' }).expect(409);
    expect(res.body).toEqual({ error: { code: 'email_taken', message: expect.any(String) } });
    expect(await stored(org, code)).toEqual({ name: 'Leo', email: 'leo@example.com', birthday: null });
    expect(await updates(org, code)).toEqual([]);
    await expectLedgerSound(t.database, org.id);
  });

  it('takes an email that a customer of another organization has: organizations are apart', async () => {
    const org = await createOrganization(t);
    const other = await createOrganization(t);
    await register(other, { name: 'Lea', email: 'lea@example.com' });
    const code = await register(org, { name: 'Leo' });
    expect((await correct(org, code, { email: 'lea@example.com' }).expect(200)).body.changed).toEqual(['email']);
  });

  it('never loses one of many corrections sent at once: each is recorded, one after the other', async () => {
    const org = await createOrganization(t);
    const code = await register(org, { name: 'Racer' });
    const names = Array.from({ length: 8 }, (_, i) => `Racer ${i}`);
    const results = await Promise.all(names.map((name) => correct(org, code, { name })));
    expect(results.map((r) => r.status)).toEqual(names.map(() => 200));
    expect(results.every((r) => r.body.changed.length === 1)).toBe(true);
    const recorded = await updates(org, code);
    expect(recorded.map((e) => e.stream_version)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(recorded.map((e) => e.data.name).sort()).toEqual([...names].sort());
    expect((await stored(org, code)).name).toBe(recorded[recorded.length - 1].data.name);
    await expectLedgerSound(t.database, org.id);
  });

  it('gives one email to exactly one of two customers corrected to it at once', async () => {
    const org = await createOrganization(t);
    const a = await register(org, { name: 'A' });
    const b = await register(org, { name: 'B' });
    const results = await Promise.all([correct(org, a, { email: 'shared@example.com' }), correct(org, b, { email: 'shared@example.com' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('email_taken');
    const { rows } = await t.database.query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1 AND type = 'customer.updated'`, [org.id]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses what registration refuses, an empty correction and a null name, with 400 naming the field', async () => {
    const org = await createOrganization(t);
    const code = await register(org, { name: 'Val' });
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    for (const [body, field] of [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: null }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ email: 'not-an-email' }, 'email'],
      [{ email: 'a\u200b@example.com' }, 'email'],
      [{ birthday: tomorrow }, 'birthday'],
      [{ birthday: '1990-02-30' }, 'birthday'],
      [{ birthday: 19900501 }, 'birthday'],
    ] as const) {
      const res = await correct(org, code, body).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details?.[0]?.field).toBe(field);
    }
    expect((await correct(org, code, {}).expect(400)).body.error.code).toBe('invalid_request');
    expect((await correct(org, code, { nickname: 'V' }).expect(400)).body.error.code).toBe('invalid_request');
    expect(await updates(org, code)).toEqual([]);
  });

  it("answers 404 customer_not_found for an unknown or malformed code, and for another organization's customer", async () => {
    const org = await createOrganization(t);
    const other = await createOrganization(t);
    const theirs = await register(other, { name: 'Theirs' });
    for (const code of ['00000000', 'nope', theirs]) expect((await correct(org, code, { name: 'X' }).expect(404)).body.error.code).toBe('customer_not_found');
    expect((await stored(other, theirs)).name).toBe('Theirs');
  });

  it('writes no email or name to the logs, corrected or refused', async () => {
    const org = await createOrganization(t);
    await register(org, { name: 'Taken Tess', email: 'tess.private@example.com' });
    const code = await register(org, { name: 'Quiet Quentin' });
    await correct(org, code, { email: 'tess.private@example.com' }).expect(409);
    await correct(org, code, { name: 'Quentin Secret', email: 'quentin.private@example.com' }).expect(200);
    const logs = JSON.stringify(t.logs);
    for (const value of ['tess.private', 'quentin.private', 'Quentin Secret']) expect(logs).not.toContain(value);
  });

  it('is refused to a revoked key (401), before anything is changed', async () => {
    const org = await createOrganization(t);
    const code = await register(org, { name: 'Kim' });
    const { rows } = await t.database.query('SELECT id FROM api_keys WHERE organization_id = $1', [org.id]);
    await t.database.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [rows[0].id]);
    expect((await correct(org, code, { name: 'Kim B' }).expect(401)).body.error.code).toBe('unauthorized');
    expect((await stored(org, code)).name).toBe('Kim');
  });
});
