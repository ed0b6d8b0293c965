import { Agent } from 'node:http';
import fc from 'fast-check';
import { expectLedgerSound } from '../support/conservation';
import request from 'supertest';
import { createOrganization, pos as posClient, TEST_ADMIN_TOKEN } from '../support/fixtures';
import { ProbeModule } from '../support/probe.module';
import { call, HttpOutcome, rawHttp } from '../support/http-client';
import { expectWithinContract, hostileBody, hostileQuery, hostileSegment, storedState } from '../support/hostile-input';
import { startTestApp, TestApp } from '../support/test-app';

/** Runs per property: enough to hit every kind of hostile value several times, few enough for CI (override for a long soak). */
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 120);
/** Replays a failed property: fast-check prints its seed with the counterexample. */
const SEED = process.env.RELIABILITY_FUZZ_SEED === undefined ? undefined : Number(process.env.RELIABILITY_FUZZ_SEED);
const fuzzOptions = (numRuns: number) => ({ numRuns, seed: SEED });

interface Sent {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** The real application listening on a port of its own, so paths and headers go through Node's HTTP parser as sent. */
async function listeningApp(): Promise<{ t: TestApp; port: number; agent: Agent }> {
  const t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' } });
  await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
  return { t, port: t.server.address().port, agent: new Agent({ keepAlive: true, maxSockets: 4 }) };
}

const describeRequest = (r: Sent) => `${r.method} ${r.path.slice(0, 300)} ${r.body?.slice(0, 300) ?? ''}`;

/** fast-check prints a counterexample with this: 40,000 nested brackets are no help in a report. */
const printable = (r: Sent): Sent => Object.defineProperty(r, fc.toStringMethod, { value: () => describeRequest(r), enumerable: false });

/**
 * Sends hostile requests and holds each answer to the contract; whenever a request is refused,
 * the organization's stored state must be exactly what it was before it.
 */
class Fuzzer {
  private before?: Record<string, string>;

  constructor(
    private readonly t: TestApp,
    private readonly port: number,
    private readonly agent: Agent,
    private readonly organizationId: string,
  ) {}

  async send(r: Sent): Promise<HttpOutcome> {
    this.before ??= await storedState(this.t.database, this.organizationId);
    const outcome = await call(this.port, { method: r.method, path: r.path, headers: r.headers, body: r.body, agent: this.agent, timeoutMs: 10000 });
    const after = await storedState(this.t.database, this.organizationId);
    const before = this.before;
    this.before = after;
    expectWithinContract(outcome, describeRequest(r));
    if (outcome.kind === 'answer' && outcome.status >= 400)
      expect({ refused: describeRequest(r), stored: after }).toEqual({ refused: describeRequest(r), stored: before });
    return outcome;
  }

  async run(requests: fc.Arbitrary<Sent>, runs = RUNS): Promise<void> {
    await fc.assert(
      fc.asyncProperty(requests.map(printable), async (r) => {
        await this.send(r);
      }),
      fuzzOptions(runs),
    );
  }
}

describe('hostile input', () => {
  let t: TestApp;
  let port: number;
  let agent: Agent;
  let fuzzer: Fuzzer;
  let org: { id: string; key: string };
  let code: string;
  let rewardId: string;

  const pos = (method: string, path: string, body?: string): Sent => ({
    method,
    path: `/api/v1${path}`,
    body,
    headers: { authorization: `Bearer ${org.key}` },
  });
  const admin = (method: string, path: string, body?: string): Sent => ({
    method,
    path: `/api/admin/v1${path}`,
    body,
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  });
  const ok = async (r: Sent, status: number) => {
    const outcome = await call(port, { ...r, agent });
    if (outcome.kind !== 'answer' || outcome.status !== status) throw new Error(`${describeRequest(r)}: ${JSON.stringify(outcome)}`);
    return outcome.body;
  };

  beforeAll(async () => {
    ({ t, port, agent } = await listeningApp());
    org = await createOrganization(t, { name: 'Hostile Café' });
    await ok(admin('POST', `/organizations/${org.id}/tiers`, JSON.stringify({ name: 'Gold', min_lifetime_points: 1000, multiplier: 1.5 })), 201);
    await ok(admin('POST', `/organizations/${org.id}/earn-rules`, JSON.stringify({ name: 'Latte', type: 'product', match: 'latte', points: 5 })), 201);
    rewardId = (await ok(admin('POST', `/organizations/${org.id}/rewards`, JSON.stringify({ name: 'Cake', points_cost: 10 })), 201)).reward.id;
    code = (await ok(pos('POST', '/customers', JSON.stringify({ name: 'Target', email: 'target@example.com' })), 201)).customer.loyalty_code;
    await ok(pos('POST', '/transactions', JSON.stringify({ identifier: { type: 'loyalty_code', value: code }, amount_cents: 50_000 })), 201);
    fuzzer = new Fuzzer(t, port, agent, org.id);
  });

  afterAll(async () => {
    agent?.destroy();
    await t?.close();
  });

  describe('known hostile cases', () => {
    it('refuses a NUL character with 400 wherever it can reach the database', async () => {
      const nul = 'a\u0000b';
      for (const r of [
        pos('POST', '/transactions', JSON.stringify({ identifier: { type: 'email', value: `${nul}@example.com` }, amount_cents: 100 })),
        pos('GET', `/customers?email=${encodeURIComponent(nul)}`),
        admin('POST', '/organizations', JSON.stringify({ name: nul })),
        admin('PATCH', `/organizations/${org.id}`, JSON.stringify({ name: nul })),
        admin('POST', `/organizations/${org.id}/tiers`, JSON.stringify({ name: nul, min_lifetime_points: 7, multiplier: 1 })),
        admin('POST', `/organizations/${org.id}/rewards`, JSON.stringify({ name: 'Tea', description: nul, points_cost: 3 })),
      ]) {
        const outcome = await fuzzer.send(r);
        expect(outcome.kind === 'answer' && [outcome.status, outcome.body.error.code]).toEqual([400, 'invalid_request']);
      }
    });

    it('refuses strings that are not valid Unicode (a lone surrogate) with 400, instead of failing or storing U+FFFD', async () => {
      for (const r of [
        pos('POST', '/customers', JSON.stringify({ name: 'Ann', email: 'ann\ud800@example.com' })),
        pos('POST', '/customers', JSON.stringify({ name: 'Ann \udc00' })),
        pos('POST', '/transactions', JSON.stringify({ identifier: { type: 'loyalty_code', value: code }, amount_cents: 100, external_ref: 'ref-\ud800' })),
        admin('POST', `/organizations/${org.id}/api-keys`, JSON.stringify({ name: 'till \ud800' })),
        admin('POST', `/organizations/${org.id}/rewards`, JSON.stringify({ name: 'Tea \udfff', points_cost: 3 })),
      ]) {
        const outcome = await fuzzer.send(r);
        expect(outcome.kind === 'answer' && [outcome.status, outcome.body.error.code]).toEqual([400, 'invalid_request']);
      }
    });

    it('refuses a purchase whose points could not be counted exactly (every rate at its maximum) with 400, recording nothing', async () => {
      const maxed = await createOrganization(t, { name: 'Maxed Café', earn_rate: 1000 });
      await ok(admin('POST', `/organizations/${maxed.id}/tiers`, JSON.stringify({ name: 'Max', min_lifetime_points: 0, multiplier: 1000 })), 201);
      await ok(admin('POST', `/organizations/${maxed.id}/bonuses`, JSON.stringify({ name: 'Always', multiplier: 1000 })), 201);
      const till = { authorization: `Bearer ${maxed.key}` };
      const maxedCode = (await ok({ method: 'POST', path: '/api/v1/customers', headers: till, body: '{"name":"Max"}' }, 201)).customer.loyalty_code;
      const purchase = (amount: number): Sent => ({
        method: 'POST',
        path: '/api/v1/transactions',
        headers: till,
        body: JSON.stringify({ identifier: { type: 'loyalty_code', value: maxedCode }, amount_cents: amount }),
      });
      // Up to 10 million at 1000 × 1000 × 1000 is 10^16 points: past 2^53 − 1 for one purchase, or for the customer's total.
      const maxedFuzzer = new Fuzzer(t, port, agent, maxed.id);
      await maxedFuzzer.run(fc.integer({ min: 1, max: 1_000_000_000 }).map(purchase), 40);
      const over = await maxedFuzzer.send(purchase(1_000_000_000));
      expect(over.kind === 'answer' && [over.status, over.body.error.code]).toEqual([400, 'invalid_request']);
      await expectLedgerSound(t.database, maxed.id);
    });

    it('refuses line items that are arrays rather than objects with 400', async () => {
      const item = { name: 'Latte', quantity: 1, unit_price_cents: 350 };
      for (const lineItems of [[[]], [[item]], [item, [item]]]) {
        const outcome = await fuzzer.send(pos('POST', '/orders', JSON.stringify({ identifier: { type: 'loyalty_code', value: code }, line_items: lineItems })));
        expect(outcome.kind === 'answer' && [outcome.status, outcome.body.error.code]).toEqual([400, 'invalid_request']);
      }
    });

    it('refuses JSON nested thousands of levels deep with 400, wherever it sits in the body', async () => {
      for (const depth of [64, 5_000, 45_000]) {
        const arrays = '['.repeat(depth) + ']'.repeat(depth);
        for (const body of [`{"name":"Deep","x":${arrays}}`, `{"identifier":${arrays},"amount_cents":100}`, arrays]) {
          for (const path of ['/customers', '/transactions']) {
            const outcome = await fuzzer.send(pos('POST', path, body));
            expect(outcome.kind === 'answer' && [outcome.status, outcome.body.error.code]).toEqual([400, 'invalid_request']);
          }
        }
      }
    });

    it('accepts the nesting real requests have (an order with line items)', async () => {
      const order = { identifier: { type: 'loyalty_code', value: code }, line_items: [{ name: 'Latte', quantity: 1, unit_price_cents: 350 }] };
      expect((await fuzzer.send(pos('POST', '/orders', JSON.stringify(order)))).kind === 'answer').toBe(true);
    });

    it('refuses prototype-polluting members with 400 and pollutes nothing', async () => {
      for (const body of [
        '{"name":"P","__proto__":{"polluted":true}}',
        '{"name":"P","constructor":{"prototype":{"polluted":true}}}',
        '{"name":"P","a":{"__proto__":{"polluted":true}}}',
      ]) {
        const outcome = await fuzzer.send(pos('POST', '/customers', body));
        expect(outcome.kind === 'answer' && outcome.status).toBe(400);
      }
      expect(({} as any).polluted).toBeUndefined();
    });

    it('answers a path with a broken %-escape in the envelope', async () => {
      for (const path of ['/api/v1/customers/%ZZ', '/api/v1/customers/%', '/api/admin/v1/organizations/%E0%A4%A']) {
        const outcome = await fuzzer.send({ method: 'GET', path, headers: { authorization: `Bearer ${org.key}` } });
        expect(outcome.kind === 'answer' && [outcome.status, outcome.body.error?.code]).toEqual([400, 'invalid_request']);
      }
    });

    it('answers a path segment longer than the router takes with 404 not_found in the envelope', async () => {
      for (const path of [`/api/v1/customers/${'A'.repeat(150)}`, `/api/admin/v1/organizations/${'0'.repeat(300)}`]) {
        const outcome = await fuzzer.send({
          method: 'GET',
          path,
          headers: { authorization: `Bearer ${path.startsWith('/api/admin') ? TEST_ADMIN_TOKEN : org.key}` },
        });
        expect(outcome.kind === 'answer' && [outcome.status, outcome.body.error?.code]).toEqual([404, 'not_found']);
      }
    });
  });

  describe('what a black-box probe found (issue 23)', () => {
    // These tests also change data on purpose (redemptions, keys): each starts the refusal check afresh, and so do the tests after them.
    const fresh = () => (fuzzer = new Fuzzer(t, port, agent, org.id));
    beforeEach(fresh);
    afterAll(fresh);

    /** A refusal: the status, the code and the fields `details` names, in order. */
    const refusal = (outcome: HttpOutcome) =>
      outcome.kind === 'answer'
        ? { status: outcome.status, code: outcome.body?.error?.code, fields: (outcome.body?.error?.details ?? []).map((d: { field: string }) => d.field) }
        : outcome;
    const refused = (fields: string[]) => ({ status: 400, code: 'invalid_request', fields });
    const message = (outcome: HttpOutcome) =>
      outcome.kind === 'answer' ? String(outcome.body?.error?.details?.[0]?.message ?? outcome.body?.error?.message) : '';
    const json = (body: unknown) => JSON.stringify(body);

    it('refuses form bodies (application/x-www-form-urlencoded) on every JSON route, creating nothing', async () => {
      const form = 'name=FormUser&email=form@example.com';
      for (const r of [
        pos('POST', '/customers', form),
        admin('POST', '/organizations', form),
        admin('POST', `/organizations/${org.id}/tiers`, 'name=Form&min_lifetime_points=9&multiplier=1'),
      ]) {
        const outcome = await fuzzer.send({ ...r, headers: { ...r.headers, 'content-type': 'application/x-www-form-urlencoded' } });
        expect(refusal(outcome)).toEqual(refused([]));
        expect(message(outcome)).toMatch(/application\/json/);
      }
      const { rows } = await t.database.query(`SELECT count(*)::int AS n FROM customer_accounts WHERE email = 'form@example.com'`);
      expect(rows[0].n).toBe(0);
    });

    it('refuses a member given twice, naming it, wherever it is in the body', async () => {
      const cases: Array<[Sent, string]> = [
        [pos('POST', '/transactions', `{"identifier":{"type":"loyalty_code","value":"${code}"},"amount_cents":100,"amount_cents":5000000}`), 'amount_cents'],
        [pos('POST', '/transactions', `{"identifier":{"type":"email","type":"loyalty_code","value":"${code}"},"amount_cents":100}`), 'identifier.type'],
        [
          pos(
            'POST',
            '/orders',
            `{"identifier":{"type":"loyalty_code","value":"${code}"},"line_items":[{"name":"Latte","quantity":1,"unit_price_cents":350},{"name":"Latte","quantity":1,"quantity":9999,"unit_price_cents":350}]}`,
          ),
          'line_items.1.quantity',
        ],
        [admin('POST', '/organizations', '{"name":"Twice","\\u006eame":"Twice again"}'), 'name'],
      ];
      for (const [r, field] of cases) expect(refusal(await fuzzer.send(r))).toEqual(refused([field]));
    });

    describe('control and invisible characters', () => {
      const esc = 'Red \u001b[31m';
      const newline = 'two\nlines';
      it.each([
        ['organization name (create)', () => admin('POST', '/organizations', json({ name: esc })), 'name'],
        ['organization name (change)', () => admin('PATCH', `/organizations/${org.id}`, json({ name: newline })), 'name'],
        ['API key name', () => admin('POST', `/organizations/${org.id}/api-keys`, json({ name: esc })), 'name'],
        ['tier name', () => admin('POST', `/organizations/${org.id}/tiers`, json({ name: newline, min_lifetime_points: 77, multiplier: 1 })), 'name'],
        ['bonus name', () => admin('POST', `/organizations/${org.id}/bonuses`, json({ name: esc, multiplier: 2 })), 'name'],
        ['reward name', () => admin('POST', `/organizations/${org.id}/rewards`, json({ name: esc, points_cost: 5 })), 'name'],
        [
          'reward description',
          () => admin('POST', `/organizations/${org.id}/rewards`, json({ name: 'Tea', description: newline, points_cost: 5 })),
          'description',
        ],
        ['reward icon', () => admin('POST', `/organizations/${org.id}/rewards`, json({ name: 'Tea', icon: '\u0007', points_cost: 5 })), 'icon'],
        ['reward change', () => admin('PATCH', `/organizations/${org.id}/rewards/${rewardId}`, json({ description: 'tab\there' })), 'description'],
        ['earn-rule name', () => admin('POST', `/organizations/${org.id}/earn-rules`, json({ name: esc, type: 'product', match: 'tea', points: 1 })), 'name'],
        [
          'earn-rule match',
          () => admin('POST', `/organizations/${org.id}/earn-rules`, json({ name: 'Tea', type: 'product', match: newline, points: 1 })),
          'match',
        ],
        [
          'line item category',
          () =>
            pos(
              'POST',
              '/orders',
              json({
                identifier: { type: 'loyalty_code', value: code },
                line_items: [{ name: 'Latte', category: '\u009b', quantity: 1, unit_price_cents: 350 }],
              }),
            ),
          'line_items.0.category',
        ],
      ])('refuses ESC, newline and other control characters in the %s, naming the field', async (_, request, field) => {
        expect(refusal(await fuzzer.send(request()))).toEqual(refused([field]));
      });

      it('refuses NUL with details naming the field and the character', async () => {
        for (const [r, field] of [
          [admin('POST', '/organizations', json({ name: 'a\u0000b' })), 'name'],
          [admin('POST', `/organizations/${org.id}/tiers`, json({ name: '\u0000', min_lifetime_points: 7, multiplier: 1 })), 'name'],
          [pos('GET', `/customers?email=${encodeURIComponent('a\u0000b@example.com')}`), 'email'],
          [
            pos('POST', '/transactions', json({ identifier: { type: 'loyalty_code', value: code }, amount_cents: 100, external_ref: 'nul\u0000ref' })),
            'external_ref',
          ],
        ] as Array<[Sent, string]>) {
          const outcome = await fuzzer.send(r);
          expect(refusal(outcome)).toEqual(refused([field]));
          expect(message(outcome)).toMatch(/NUL/);
        }
      });

      it('refuses zero-width and direction characters in emails and names, so no second customer looks like the first', async () => {
        for (const [body, field] of [
          [{ name: 'Target', email: 'target\u200b@example.com' }, 'email'],
          [{ name: 'Target', email: 'tar\u202eget@example.com' }, 'email'],
          [{ name: 'Target', email: 'target\u200d@example.com' }, 'email'],
          [{ name: 'Tar\u202eget', email: 'other@example.com' }, 'name'],
          [{ name: 'Tar\u200bget' }, 'name'],
          [{ name: 'Tar\ufeffget' }, 'name'],
        ] as Array<[object, string]>) {
          expect(refusal(await fuzzer.send(pos('POST', '/customers', json(body))))).toEqual(refused([field]));
        }
        // Joiners stay allowed in names: emoji sequences and several scripts need them.
        expect((await fuzzer.send(pos('POST', '/customers', json({ name: 'Famille 👩‍👩‍👧' })))).kind === 'answer').toBe(true);
      });
    });

    describe('dates', () => {
      const purchase = (occurredAt: unknown) =>
        pos('POST', '/transactions', json({ identifier: { type: 'loyalty_code', value: code }, amount_cents: 100, occurred_at: occurredAt }));

      it('refuses a day the month does not have, instead of rolling it over (30 November + 1)', async () => {
        const outcome = await fuzzer.send(purchase('2026-11-31T10:00:00Z'));
        expect(refusal(outcome)).toEqual(refused(['occurred_at']));
        expect(message(outcome)).toMatch(/real ISO 8601 date-time/);
      });

      it('reports 30 February as not a real date-time, not as too old', async () => {
        const outcome = await fuzzer.send(purchase('2026-02-30T10:00:00Z'));
        expect(refusal(outcome)).toEqual(refused(['occurred_at']));
        expect(message(outcome)).not.toMatch(/30 days/);
      });

      it('takes occurred_at: null as absent (the sale happens now), like external_ref and birthday', async () => {
        const outcome = await fuzzer.send(purchase(null));
        expect(outcome.kind === 'answer' && outcome.status).toBe(201);
      });

      it('refuses birthday 0000-01-01 naming the field and the range', async () => {
        const outcome = await fuzzer.send(pos('POST', '/customers', json({ name: 'Old', birthday: '0000-01-01' })));
        expect(refusal(outcome)).toEqual(refused(['birthday']));
        expect(message(outcome)).toMatch(/1900-01-01/);
      });
    });

    describe('conflicts with stored data name the field and the rule', () => {
      it('refuses a tier name already taken, in any case', async () => {
        for (const name of ['Gold', 'gOLD']) {
          const outcome = await fuzzer.send(admin('POST', `/organizations/${org.id}/tiers`, json({ name, min_lifetime_points: 4321, multiplier: 2 })));
          expect(refusal(outcome)).toEqual(refused(['name']));
          expect(message(outcome)).toMatch(/already has this name/);
        }
      });

      it('refuses a second tier at the same min_lifetime_points', async () => {
        const outcome = await fuzzer.send(
          admin('POST', `/organizations/${org.id}/tiers`, json({ name: 'Gold bis', min_lifetime_points: 1000, multiplier: 2 })),
        );
        expect(refusal(outcome)).toEqual(refused(['min_lifetime_points']));
      });
    });

    it('counts a stock from the start: redemptions before it was set count, and it cannot be set below them', async () => {
      const unlimited = (await ok(admin('POST', `/organizations/${org.id}/rewards`, json({ name: 'Biscuit', points_cost: 1 })), 201)).reward.id;
      const redeem = () =>
        call(port, { ...pos('POST', '/redemptions', json({ identifier: { type: 'loyalty_code', value: code }, reward_id: unlimited })), agent });
      for (let i = 0; i < 4; i++) expect((await redeem()).kind === 'answer').toBe(true);
      // A fuzzer of its own: its first snapshot is taken after the redemptions above.
      const below = await new Fuzzer(t, port, agent, org.id).send(admin('PATCH', `/organizations/${org.id}/rewards/${unlimited}`, json({ stock: 3 })));
      expect(refusal(below)).toEqual(refused(['stock']));
      expect(message(below)).toMatch(/at least 4/);
      const set = await ok(admin('PATCH', `/organizations/${org.id}/rewards/${unlimited}`, json({ stock: 5 })), 200);
      expect(set.reward).toMatchObject({ stock: 5, redeemed_count: 4 });
      expect((await redeem()).kind === 'answer').toBe(true);
      const soldOut = await redeem();
      expect(soldOut.kind === 'answer' && [soldOut.status, soldOut.body.error.code]).toEqual([422, 'reward_unavailable']);
      // The database still refuses overselling, whatever the code does.
      await expect(t.database.query('UPDATE rewards SET stock = 4 WHERE organization_id = $1 AND id = $2', [org.id, unlimited])).rejects.toThrow(
        /rewards_stock_covers_redeemed/,
      );
    });

    it('says what is wrong: a repeated query parameter, a number sent as a string', async () => {
      const twice = await fuzzer.send(pos('GET', '/customers?email=a@example.com&email=b@example.com'));
      expect(refusal(twice)).toEqual(refused(['email']));
      expect(message(twice)).toMatch(/given once/);
      const text = await fuzzer.send(pos('POST', '/transactions', json({ identifier: { type: 'loyalty_code', value: code }, amount_cents: '1000' })));
      expect(refusal(text)).toEqual(refused(['amount_cents']));
      expect(message(text)).toMatch(/integer/);
    });

    describe('headers', () => {
      it('sends Cache-Control: no-store with a new API key', async () => {
        const outcome = await call(port, { ...admin('POST', `/organizations/${org.id}/api-keys`, json({ name: 'till no-store' })), agent });
        expect(outcome.kind === 'answer' && [outcome.status, outcome.headers['cache-control']]).toEqual([201, 'no-store']);
      });

      it('sends X-Content-Type-Options: nosniff on every response, errors and malformed requests included', async () => {
        for (const r of [
          pos('GET', `/customers/${code}`),
          pos('GET', '/nowhere'),
          pos('GET', '/customers/%ZZ'),
          pos('POST', '/customers', '{'),
          { method: 'GET', path: '/healthz' },
        ]) {
          const outcome = await call(port, { ...r, agent });
          expect(outcome.kind === 'answer' && [r.path, outcome.headers['x-content-type-options']]).toEqual([r.path, 'nosniff']);
        }
        expect((await rawHttp(port, 'GARBAGE\r\n\r\n')).headers).toMatch(/x-content-type-options: nosniff/i);
      });

      it('serves Swagger UI with a Content-Security-Policy and no framing', async () => {
        const outcome = await call(port, { method: 'GET', path: '/api/docs', agent });
        if (outcome.kind !== 'answer') throw new Error(outcome.error);
        expect(outcome.status).toBe(200);
        expect(outcome.headers['content-security-policy']).toMatch(/default-src 'self'/);
        expect(outcome.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
        expect(outcome.headers['x-frame-options']).toBe('DENY');
      });
    });
  });

  describe('malformed HTTP', () => {
    const RAW = {
      'headers over the size limit': `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      'a control character in a header': 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n',
      'a garbled request line': 'GARBAGE\r\n\r\n',
      'both Content-Length and chunked encoding':
        'POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'a Content-Length that is not a number': 'POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
      'a broken chunk size':
        'POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
    };

    it.each(Object.entries(RAW))('answers a request with %s with 400 invalid_request in the envelope', async (_, bytes) => {
      const answer = await rawHttp(port, bytes);
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.any(String) } } });
      expect(answer.headers).toMatch(/x-request-id: \S+/i);
    });
  });

  describe('fuzzing the POS API', () => {
    const identifier = () => ({ type: 'loyalty_code', value: code });

    it('POST /transactions answers within the contract and stores nothing when it refuses', async () => {
      await fuzzer.run(
        hostileBody({ identifier: identifier(), amount_cents: 1234, external_ref: 'fuzz-tx', occurred_at: new Date().toISOString() }).map((b) =>
          pos('POST', '/transactions', b),
        ),
      );
    });

    it('POST /orders answers within the contract and stores nothing when it refuses', async () => {
      const valid = {
        identifier: identifier(),
        line_items: [{ name: 'Latte', category: 'coffee', quantity: 2, unit_price_cents: 350 }],
        amount_cents: 600,
        external_ref: 'fuzz-order',
      };
      await fuzzer.run(hostileBody(valid).map((b) => pos('POST', '/orders', b)));
    });

    it('POST /customers answers within the contract and stores nothing when it refuses', async () => {
      await fuzzer.run(hostileBody({ name: 'Fuzz', email: 'fuzz@example.com', birthday: '1990-01-31' }).map((b) => pos('POST', '/customers', b)));
    });

    it('POST /redemptions answers within the contract and stores nothing when it refuses', async () => {
      await fuzzer.run(hostileBody({ identifier: identifier(), reward_id: rewardId, external_ref: 'fuzz-redeem' }).map((b) => pos('POST', '/redemptions', b)));
    });

    it('GET /customers/:code answers within the contract for any code', async () => {
      await fuzzer.run(fc.tuple(hostileSegment, hostileQuery(['x'])).map(([segment, query]) => pos('GET', `/customers/${segment}${query}`)));
    });

    it('GET /customers?email=&loyalty_code= answers within the contract for any query', async () => {
      await fuzzer.run(hostileQuery(['email', 'loyalty_code']).map((query) => pos('GET', `/customers${query}`)));
    });

    it('GET /rewards answers within the contract for any query', async () => {
      await fuzzer.run(
        hostileQuery(['limit', 'min_tier']).map((query) => pos('GET', `/rewards${query}`)),
        Math.ceil(RUNS / 2),
      );
    });
  });

  describe('fuzzing the admin API', () => {
    const orgPath = () => `/organizations/${org.id}`;

    it('POST /organizations answers within the contract and creates nothing when it refuses', async () => {
      const since = new Date();
      const created = new Set<string>();
      const refusedNames = new Set<string>();
      await fc.assert(
        fc.asyncProperty(
          hostileBody({ name: 'Fuzz Org', earn_rate: '1.25', timezone: 'Europe/Paris' }).map((b) => printable(admin('POST', '/organizations', b))),
          async (r) => {
            const outcome = await fuzzer.send(r);
            if (outcome.kind !== 'answer') return;
            if (outcome.status < 300) created.add(outcome.body.organization.id);
            const name = safeParse(r.body!)?.name;
            if (outcome.status >= 400 && typeof name === 'string') refusedNames.add(name.trim());
          },
        ),
        fuzzOptions(RUNS),
      );
      // Other suites may create organizations meanwhile: only ours are accounted for, and no other
      // new organization may bear the name a refused request asked for.
      const { rows } = await t.database.query('SELECT id, name FROM organizations WHERE created_at >= $1', [since]);
      expect(rows.filter((r) => !created.has(r.id) && refusedNames.has(r.name))).toEqual([]);
    });

    it('PATCH /organizations/:org answers within the contract and changes nothing when it refuses', async () => {
      await fuzzer.run(hostileBody({ name: 'Hostile Café', earn_rate: 1, timezone: 'UTC' }).map((b) => admin('PATCH', orgPath(), b)));
    });

    it('POST /organizations/:org/api-keys answers within the contract and stores nothing when it refuses', async () => {
      await fuzzer.run(
        hostileBody({ name: 'till 9' }).map((b) => admin('POST', `${orgPath()}/api-keys`, b)),
        Math.ceil(RUNS / 2),
      );
    });

    it('POST /organizations/:org/tiers answers within the contract and stores nothing when it refuses', async () => {
      await fuzzer.run(hostileBody({ name: 'Platinum', min_lifetime_points: 5000, multiplier: '2' }).map((b) => admin('POST', `${orgPath()}/tiers`, b)));
    });

    it('POST /organizations/:org/bonuses answers within the contract and stores nothing when it refuses', async () => {
      const valid = {
        name: 'Happy hour',
        multiplier: 2,
        days_of_week: [1, 5],
        start_time: '17:00',
        end_time: '19:00',
        starts_on: '2026-01-01',
        ends_on: '2026-12-31',
        active: true,
      };
      await fuzzer.run(hostileBody(valid).map((b) => admin('POST', `${orgPath()}/bonuses`, b)));
    });

    it('POST /organizations/:org/earn-rules answers within the contract and stores nothing when it refuses', async () => {
      await fuzzer.run(
        hostileBody({ name: 'Bulk beans', type: 'bulk', match: 'beans', quantity: 3, points: 10 }).map((b) => admin('POST', `${orgPath()}/earn-rules`, b)),
      );
    });

    it('POST /organizations/:org/rewards answers within the contract and stores nothing when it refuses', async () => {
      const valid = {
        name: 'Mug',
        description: 'A mug',
        points_cost: 500,
        icon: '☕',
        min_tier: 'Gold',
        stock: 10,
        available_from: '2026-01-01T00:00:00Z',
        available_until: '2027-01-01T00:00:00Z',
        active: true,
      };
      await fuzzer.run(hostileBody(valid).map((b) => admin('POST', `${orgPath()}/rewards`, b)));
    });

    it('PATCH /organizations/:org/rewards/:id answers within the contract and changes nothing when it refuses', async () => {
      await fuzzer.run(
        hostileBody({ name: 'Cake', points_cost: 10, stock: null, active: true }).map((b) => admin('PATCH', `${orgPath()}/rewards/${rewardId}`, b)),
      );
    });

    it('GET /organizations/:org/ledger answers within the contract for any query', async () => {
      await fuzzer.run(hostileQuery(['after', 'limit']).map((query) => admin('GET', `${orgPath()}/ledger${query}`)));
    });
  });

  describe('fuzzing paths', () => {
    it('answers any method on any path within the contract, and changes nothing when it refuses', async () => {
      const prefixes = () => [
        '',
        '/api',
        '/api/v1',
        '/api/v1/customers',
        '/api/admin/v1',
        `/api/admin/v1/organizations/${org.id}`,
        `/api/admin/v1/organizations/${org.id}/rewards`,
      ];
      const requests = fc
        .record({
          method: fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'),
          prefix: fc.constantFrom(...prefixes()),
          segments: fc.array(hostileSegment, { minLength: 1, maxLength: 4 }),
          query: hostileQuery(['after', 'email', 'x']),
        })
        .map(({ method, prefix, segments, query }) => {
          const path = `${prefix}/${segments.join('/')}${query}`;
          const make = path.startsWith('/api/admin/') ? admin : pos;
          const sent = make(method, '', ['POST', 'PATCH', 'PUT'].includes(method) ? '{}' : undefined);
          return { ...sent, path };
        });
      await fuzzer.run(requests, RUNS * 2);
    });
  });

  describe('afterwards', () => {
    it('leaves the points conserved, the ledger verifiable and no error in the logs', async () => {
      await expectLedgerSound(t.database, org.id);
      expect(t.logs.filter((l) => l.level >= 50)).toEqual([]);
    });
  });
});

describe('hostile headers', () => {
  // An application of its own: refused credentials count against the caller's address, and using up
  // that budget here would turn the admin requests of the other tests into 429s.
  let t: TestApp;
  let port: number;
  let agent: Agent;
  let org: { id: string; key: string };

  beforeAll(async () => {
    ({ t, port, agent } = await listeningApp());
    org = await createOrganization(t, { name: 'Header Café' });
  });
  afterAll(async () => {
    agent?.destroy();
    await t?.close();
  });

  it('answers any Authorization, Content-Type, X-Request-Id and other headers within the contract, and stores nothing when it refuses', async () => {
    const fuzzer = new Fuzzer(t, port, agent, org.id);
    const registered = await fuzzer.send({
      method: 'POST',
      path: '/api/v1/customers',
      headers: { authorization: `Bearer ${org.key}` },
      body: '{"name":"Header"}',
    });
    const code: string = registered.kind === 'answer' && registered.body.customer.loyalty_code;
    const latin1 = fc.string({
      unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c)),
      maxLength: 200,
    });
    const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const key = org.key;
    const headers = fc.record({
      authorization: optional(
        fc.oneof(
          fc.constantFrom(
            `Bearer ${key}`,
            `Bearer ${TEST_ADMIN_TOKEN}`,
            'Bearer',
            'Bearer ',
            `bearer ${key}`,
            `BEARER ${key}`,
            `Bearer  ${key}`,
            `Bearer ${key} x`,
            `Bearer ${key}x`,
            `Bearer ${key.slice(0, -1)}`,
            `Token ${key}`,
            key,
            'Basic dXNlcjpwYXNz',
            `Bearer ${key.replace('lp_live_', 'lp_test_')}`,
          ),
          latin1.map((s) => `Bearer lp_live_${s}`),
          latin1,
        ),
      ),
      'content-type': optional(
        fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'APPLICATION/JSON',
            'application/json; charset=latin1',
            'application/json; charset=utf-16',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/vnd.api+json',
            'application/json, text/plain',
            ';',
            'application/json;;;',
            '*/*',
            'application/json; charset="utf-8"',
          ),
          latin1,
        ),
      ),
      'x-request-id': optional(latin1),
      'x-forwarded-for': optional(fc.oneof(fc.constantFrom('1.2.3.4', '::1, 10.0.0.1', '999.999.999.999', 'unknown'), latin1)),
      'content-encoding': optional(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown')),
      accept: optional(fc.constantFrom('text/html', 'application/xml', '*/*', 'application/json;q=0')),
    });
    const targets = [
      {
        method: 'POST',
        path: '/api/v1/transactions',
        body: JSON.stringify({ identifier: { type: 'loyalty_code', value: code }, amount_cents: 500, external_ref: 'header-tx' }),
      },
      { method: 'GET', path: `/api/v1/customers/${code}` },
      {
        method: 'POST',
        path: `/api/admin/v1/organizations/${org.id}/tiers`,
        body: JSON.stringify({ name: 'Silver', min_lifetime_points: 100, multiplier: 1.1 }),
      },
      { method: 'GET', path: `/api/admin/v1/organizations/${org.id}/ledger` },
    ];
    const requests = fc
      .tuple(fc.constantFrom(...targets), headers)
      .map(([target, h]) => ({ ...target, headers: Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string> }));
    await fuzzer.run(requests, RUNS * 2);
    await expectLedgerSound(t.database, org.id);
    expect(t.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});

describe('personal data and the logs', () => {
  // At LOG_LEVEL=info, as operators run it: every request line, and every error with its cause.
  let t: TestApp;
  let org: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'info' }, extraModules: [ProbeModule] });
    org = await createOrganization(t, { name: 'Privacy Café' });
  });
  afterAll(() => t?.close());

  it('logs no email from a lookup by email (a hit or a miss), a registration, or an error that carries it', async () => {
    const known = 'sophie.privacy@example.com';
    const unknown = 'nobody.privacy@example.com';
    const till = posClient(t, org.key);
    await till.post('/customers', { name: 'Sophie', email: known }).expect(201);
    await till.get(`/customers?email=${encodeURIComponent(known)}`).expect(200);
    await till.get(`/customers?email=${unknown}`).expect(404);
    await till.get(`/customers/${encodeURIComponent(unknown)}`).expect(404);
    // A real database failure whose error holds the email (the foreign key's detail): answered 500 and logged.
    const failed = await request(t.server)
      .get(`/__probe/failure-with-value?value=${encodeURIComponent(known)}`)
      .expect(500);
    expect(t.logs.some((l) => l.request_id === failed.headers['x-request-id'] && l.msg === 'request failed' && l.err)).toBe(true);
    const text = JSON.stringify(t.logs);
    for (const secret of [known, unknown, encodeURIComponent(known), 'sophie.privacy', 'nobody.privacy']) expect(text).not.toContain(secret);
  });
});

function safeParse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
