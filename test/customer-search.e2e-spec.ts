import { randomUUID } from 'node:crypto';
import { WALK_BUDGET } from '../src/modules/customers/search/customer-search';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('GET /api/admin/v1/organizations/:org/customers: search', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  const codes: Record<string, string> = {};
  beforeAll(async () => {
    // A larger organization below is registered over the API, faster than the default rate limit allows.
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    org = await createOrganization(t);
    other = await createOrganization(t, { name: 'Another Shop' });
    for (const [key, body] of Object.entries({
      sophie: { name: 'Sophie Martin', email: 'sophie.martin@example.com' },
      alyson: { name: 'Alyson Sosa', email: 'aly@example.com' },
      marc: { name: 'Marc Dupont', email: 'marc_d@example.com' },
      walkin: { name: 'Walk-in Customer' },
      axb: { name: 'Maxbell', email: 'axb@example.com' },
    })) {
      codes[key] = (await pos(t, org.key).post('/customers', body).expect(201)).body.customer.loyalty_code;
    }
    await pos(t, other.key).post('/customers', { name: 'Sophie Other', email: 'sophie@other.example' }).expect(201);
    await pos(t, other.key).post('/customers', { name: 'Zebedee Elsewhere' }).expect(201);
  });
  afterAll(() => t.close());

  const search = (o: TestOrganization, query: string) => admin(t).get(`/organizations/${o.id}/customers${query}`);
  const found = async (o: TestOrganization, query: string) => (await search(o, query).expect(200)).body.customers.map((c: any) => c.loyalty_code).sort();

  /** Every page of a search, following next_after. */
  async function allPages(o: TestOrganization, query: string, limit: number) {
    const seen: any[] = [];
    let after: string | null = null;
    do {
      const res: { body: any } = await search(o, `?${query}&limit=${limit}${after ? `&after=${after}` : ''}`).expect(200);
      expect(res.body.customers.length).toBeLessThanOrEqual(limit);
      seen.push(...res.body.customers);
      after = res.body.next_after;
    } while (after !== null);
    return seen;
  }

  it('finds a customer by name, email or code, anywhere in them, whatever the case', async () => {
    expect(await found(org, '?query=martin')).toEqual([codes.sophie]);
    expect(await found(org, '?query=SOPHIE.MAR')).toEqual([codes.sophie]);
    expect(await found(org, '?query=dupont')).toEqual([codes.marc]);
    expect(await found(org, `?query=${codes.walkin}`)).toEqual([codes.walkin]);
    expect(await found(org, `?query=${codes.walkin.slice(1, 6).toLowerCase()}`)).toContain(codes.walkin);
    expect(await found(org, '?query=%20%20walk-in%20')).toEqual([codes.walkin]);
  });

  it('answers every field the back office shows', async () => {
    await pos(t, org.key)
      .post('/transactions', { identifier: { type: 'loyalty_code', value: codes.marc }, amount_cents: 2500 })
      .expect(201);
    const res = await search(org, '?query=marc').expect(200);
    expect(res.body).toEqual({
      customers: [{ loyalty_code: codes.marc, name: 'Marc Dupont', email: 'marc_d@example.com', points_balance: 25, lifetime_points: 25, tier: null }],
      next_after: null,
    });
  });

  it('matches 1 or 2 characters at the start of a name, email or code only', async () => {
    expect(await found(org, '?query=so')).toEqual([codes.sophie]);
    expect(await found(org, '?query=yso')).toEqual([codes.alyson]);
    expect(await found(org, `?query=${codes.marc.slice(0, 2)}`)).toContain(codes.marc);
  });

  it("takes LIKE's wildcards as the characters they are", async () => {
    expect(await found(org, '?query=c_d')).toEqual([codes.marc]);
    expect(await found(org, '?query=a_b')).toEqual([]);
    expect(await found(org, '?query=100%25')).toEqual([]);
  });

  it("keeps tenants apart: another organization's customers never appear", async () => {
    expect(await found(org, '?query=sophie')).toEqual([codes.sophie]);
    expect(await found(org, '?query=zebedee')).toEqual([]);
    expect(await found(org, '?query=other.example')).toEqual([]);
    const theirs = await search(other, '?query=sophie').expect(200);
    expect(theirs.body.customers.map((c: any) => c.name)).toEqual(['Sophie Other']);
    expect((await search(other, '')).body.customers).toHaveLength(2);
  });

  it('lists every customer without a query, and pages in code order covering each match once', async () => {
    const all = await allPages(org, 'query=', 2);
    expect(all.map((c) => c.loyalty_code)).toEqual(Object.values(codes).sort());
    const everyone = (await search(org, '').expect(200)).body.customers.map((c: any) => c.loyalty_code);
    expect(everyone).toEqual(Object.values(codes).sort());
    const withExample = await allPages(org, 'query=example.com', 1);
    expect(withExample.map((c) => c.loyalty_code)).toEqual([codes.sophie, codes.alyson, codes.marc, codes.axb].sort());
  });

  describe('in an organization larger than the first read', () => {
    let big: TestOrganization;
    const rare: string[] = [];
    beforeAll(async () => {
      big = await createOrganization(t);
      const fillers = Array.from({ length: WALK_BUDGET + 100 }, (_, i) => i);
      for (let start = 0; start < fillers.length; start += 25) {
        await Promise.all(
          fillers.slice(start, start + 25).map((i) =>
            pos(t, big.key)
              .post('/customers', { name: `Filler ${i}`, email: `filler${i}@example.com` })
              .expect(201),
          ),
        );
      }
      // The rare ones: the first customer in code order, read by the first statement, and the last three, beyond it.
      const { rows } = await t.database.query('SELECT loyalty_code FROM customer_accounts WHERE organization_id = $1 ORDER BY loyalty_code', [big.id]);
      const inOrder = rows.map((r) => r.loyalty_code as string);
      for (const [i, code] of [inOrder[0], ...inOrder.slice(-3)].entries()) {
        await pos(t, big.key)
          .patch(`/customers/${code}`, { name: `Zebulon ${i}` })
          .expect(200);
        rare.push(code);
      }
    }, 120_000);

    it('finds every match of a rare query, through the trigram indexes', async () => {
      expect(await found(big, '?query=zebulon')).toEqual([...rare].sort());
      expect((await allPages(big, 'query=zebul', 1)).map((c) => c.loyalty_code)).toEqual([...rare].sort());
      expect(await found(big, '?query=filler2099@')).toHaveLength(1);
    });

    it('pages through a common query in code order, each match once', async () => {
      const first = await search(big, '?query=filler1&limit=100').expect(200);
      expect(first.body.customers).toHaveLength(100);
      const every = await allPages(big, 'query=filler1', 100);
      const expected = (
        await t.database.query(
          `SELECT loyalty_code FROM customer_accounts WHERE organization_id = $1 AND (name ILIKE '%filler1%' OR email ILIKE '%filler1%') ORDER BY loyalty_code`,
          [big.id],
        )
      ).rows;
      expect(every.map((c) => c.loyalty_code)).toEqual(expected.map((r) => r.loyalty_code));
    });

    it('names the indexes it searches with', async () => {
      const { rows } = await t.database.query(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'customer_accounts' AND indexname LIKE '%search_idx' ORDER BY indexname`,
      );
      expect(rows.map((r) => r.indexname)).toEqual([
        'customer_accounts_code_search_idx',
        'customer_accounts_email_search_idx',
        'customer_accounts_name_search_idx',
      ]);
    });
  });

  it('writes no query to the logs: a search holds names and emails', async () => {
    await search(org, '?query=sophie.martin%40example.com').expect(200);
    expect(JSON.stringify(t.logs)).not.toContain('sophie.martin');
  });

  describe('refusals', () => {
    it('refuses a query without a letter or digit, a bad limit or after, with 400 naming the parameter', async () => {
      for (const [query, field] of [
        ['?query=%40%40', 'query'],
        ['?query=%25', 'query'],
        [`?query=${'a'.repeat(255)}`, 'query'],
        ['?limit=0', 'limit'],
        ['?limit=101', 'limit'],
        ['?after=xyz', 'after'],
        ['?query=a&query=b', 'query'],
      ]) {
        const res = await search(org, query).expect(400);
        expect(res.body.error.code).toBe('invalid_request');
        expect(res.body.error.message).toContain(field);
      }
    });

    it('answers 404 not_found for an unknown organization', async () => {
      expect((await admin(t).get(`/organizations/${randomUUID()}/customers?query=sophie`).expect(404)).body.error.code).toBe('not_found');
    });
  });
});
