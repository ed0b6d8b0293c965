import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { DatabaseConnection } from '../src/database/database-connection';
import { eventHash } from '../src/event-store/event-hash';
import { eventsCopyStatement } from '../src/modules/ledger/audit/audit-reads';
import { copyEventRows } from '../src/modules/ledger/audit/fast/copy-event-rows';
import { AuditedEvent } from '../src/modules/ledger/audit/stream-audit';
import { verifyLedger, VerifyOptions } from '../src/modules/ledger/audit/verify-ledger';
import { json, plainName } from '../src/modules/ledger/audit/fast/event-rows.fixture';
import { createOrganization, pos, TestOrganization } from './support/fixtures';
import { lineSink } from './support/line-sink';
import { writeCustomer } from './support/written-customers';
import { startTestApp, testDatabaseUrl, TestApp } from './support/test-app';
import { createScratchDatabase, withClient } from './support/test-database';

const LEDGER_CLI = join(__dirname, '..', 'dist', 'modules', 'ledger', 'ledger.cli.js');

/**
 * `ledger verify` as it cuts the ledger into partitions audited side by side, reads events in the
 * table's order, and hashes them without decoding them (docs/ledger.md, "verify"). The tampering
 * cases of test/ledger-audit.e2e-spec.ts run through the same code; these pin what is particular
 * to partitions and to the fast path.
 */
describe('ledger verify, in partitions and through the fast path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function verify(organizationId: string | undefined, options: VerifyOptions = {}, database: Database = t.database) {
    const out = lineSink();
    const summary = await verifyLedger(database, out.stream, { organizationId, ...options });
    const lines = out.lines();
    return { summary, findings: lines.filter((l) => l.finding), lines };
  }

  const registration = (code = randomBytes(4).toString('hex').toUpperCase()) => ({
    type: 'customer.registered',
    data: { loyalty_code: code, name: 'Zoë "The" O\'Brien \\ Co', email: null, birthday: '1990-02-03' },
  });
  const award = (points: number, extra: object = {}) => ({ type: 'points.awarded', data: { source: 'transaction', points, rules: [], ...extra } });
  const redemption = (cost: number) => ({ type: 'reward.redeemed', data: { points_cost: cost, reward_name: 'Cake', tier: null } });

  /** Changes stored events behind the service's back (its triggers refuse it otherwise), in one transaction. */
  async function tamperWithEvents(params: unknown[], ...statements: string[]) {
    await tamperIn(t.database, params, ...statements);
  }

  async function tamperIn(database: Database, params: unknown[], ...statements: string[]) {
    await database.transaction(async (tx) => {
      await tx.query('ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete');
      for (const statement of statements) await tx.query(statement, params);
      await tx.query('ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete');
    });
  }

  /** A client of the test database's own, for reading and tampering behind the service's back. */
  const withTestClient = <T>(work: (client: Client) => Promise<T>): Promise<T> => withClient(testDatabaseUrl(), work);

  const streamIds = (events: AuditedEvent[][]) => events.map((e) => e[0].streamId);

  describe('a ledger tampered with in several places', () => {
    let org: TestOrganization;
    let customers: AuditedEvent[][];
    beforeAll(async () => {
      org = await createOrganization(t);
      customers = [];
      await withTestClient(async (client) => {
        for (let i = 0; i < 12; i++) customers.push(await writeCustomer(client, org.id, [registration(), award(40), award(25), redemption(30), award(5)]));
      });
      const [edited, removed, reordered, projection, head, emptied] = customers;
      await tamperWithEvents(
        [edited[0].streamId, canonicalize({ ...(edited[1].data as object), points: 400 })],
        'UPDATE events SET data = $2 WHERE stream_id = $1 AND stream_version = 2',
      );
      await tamperWithEvents([removed[0].streamId], 'DELETE FROM events WHERE stream_id = $1 AND stream_version = 3');
      await tamperWithEvents(
        [reordered[0].streamId],
        'UPDATE events SET stream_version = 100 WHERE stream_id = $1 AND stream_version = 3',
        'UPDATE events SET stream_version = 3 WHERE stream_id = $1 AND stream_version = 4',
        'UPDATE events SET stream_version = 4 WHERE stream_id = $1 AND stream_version = 100',
      );
      await t.database.query('UPDATE customer_accounts SET points_balance = points_balance + 1 WHERE id = $1', [projection[0].streamId]);
      await t.database.query('UPDATE event_streams SET version = 4 WHERE stream_id = $1', [head[0].streamId]);
      await tamperWithEvents([emptied[0].streamId], 'DELETE FROM events WHERE stream_id = $1');
    });

    it('finds each break once, in stream order, however the ledger is cut', async () => {
      const whole = await verify(org.id, { workers: 1, partitionEvents: 1_000_000 });
      const kinds = Object.fromEntries(
        streamIds(customers).map((id) => [id, whole.findings.filter((f) => f.stream_id === id).map((f) => f.reason ?? f.finding)]),
      );
      const [edited, removed, reordered, projection, head, emptied] = streamIds(customers);
      expect(kinds[edited]).toEqual(['hash_mismatch', 'projection_mismatch']);
      expect(kinds[removed]).toEqual(['version_gap', 'projection_mismatch']);
      expect(kinds[reordered]).toEqual(['prev_hash_mismatch']);
      expect(kinds[projection]).toEqual(['projection_mismatch']);
      expect(kinds[head]).toEqual(['head_mismatch']);
      expect(kinds[emptied]).toEqual(['head_mismatch', 'projection_mismatch']);
      expect(whole.summary).toEqual({ ok: false, streams: 12, events: 12 * 5 - 1 - 5, findings: 9, broken_chains: 5, customers_differing: 4 });
      expect(whole.findings.map((f) => f.stream_id)).toEqual([...whole.findings.map((f) => f.stream_id)].sort());

      for (const options of [
        { workers: 3, partitionEvents: 5 },
        { workers: 2, partitionEvents: 12 },
        { workers: 4, batchSize: 1 },
      ]) {
        const cut = await verify(org.id, options);
        expect(cut.lines).toEqual(whole.lines);
      }
    });

    const ifBuilt = existsSync(LEDGER_CLI) ? it : it.skip;
    ifBuilt('finds the same as the built CLI, whose partitions run in worker threads', async () => {
      const whole = await verify(org.id, { workers: 1 });
      const cli = await new Promise<{ code: number; stdout: string }>((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: testDatabaseUrl() };
        delete env.LOG_LEVEL;
        execFile(process.execPath, [LEDGER_CLI, 'verify', '--org', org.id, '--workers', '3'], { env, timeout: 60_000 }, (error, stdout) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
        );
      });
      expect(cli.code).toBe(1);
      expect(
        cli.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual(whole.lines);
    });
  });

  it('judges a stream whole, even in partitions of fewer events than it has', async () => {
    const org = await createOrganization(t);
    await withTestClient(async (client) => {
      await writeCustomer(client, org.id, [registration(), ...Array.from({ length: 30 }, (_, i) => award(i + 1))]);
      for (let i = 0; i < 3; i++) await writeCustomer(client, org.id, [registration(), award(3)]);
    });
    const { summary } = await verify(org.id, { workers: 3, partitionEvents: 4 });
    expect(summary).toEqual({ ok: true, streams: 4, events: 37, findings: 0, broken_chains: 0, customers_differing: 0 });
  });

  it('takes events stored out of version order (as concurrent writers store them)', async () => {
    const org = await createOrganization(t);
    const bodies = [registration(), award(10), award(20), redemption(5), award(1), award(2)];
    await withTestClient(async (client) => {
      await writeCustomer(client, org.id, bodies, { order: [5, 4, 3, 2, 1, 0] });
      await writeCustomer(
        client,
        org.id,
        bodies.map((b, i) => (i === 0 ? registration() : b)),
        { order: [2, 0, 5, 1, 4, 3] },
      );
    });
    expect((await verify(org.id)).summary).toMatchObject({ ok: true, streams: 2, events: 12 });
  });

  it('recomputes, from what PostgreSQL sends back, every hash eventHash computed from the values written', async () => {
    const org = await createOrganization(t);
    const tricky = [
      {
        names: 'Thé à la menthe, 😀, 𝔘𝔫𝔦, "quoted", back\\slash, tab\t, nl\n, \u0001, \u007f, \u2028',
        n: [1e21, 1.5, 0.1, -0, 12345678901234567000, 1e-7, -3],
      },
      { nested: { z: [{ b: null, a: true }], a: {} }, empty: [], 'with space': 1 },
    ];
    const sampled = fc.sample(fc.dictionary(plainName, json('grapheme', plainName), { maxKeys: 8 }), { numRuns: 40, seed: 20261125 });
    await withTestClient(async (client) => {
      for (const data of [...tricky, ...sampled]) await writeCustomer(client, org.id, [registration(), award(5, data)]);
    });
    const rows = await withTestClient(async (client) => {
      const held: boolean[] = [];
      await client.query('BEGIN');
      await copyEventRows(client, eventsCopyStatement({ organizationId: org.id }), (row) => held.push(row.hashOk));
      await client.query('COMMIT');
      return held;
    });
    expect(rows).toHaveLength(2 * (tricky.length + sampled.length));
    expect(rows.every(Boolean)).toBe(true);
    expect((await verify(org.id)).summary.ok).toBe(true);
  });

  it('leaves to the reference code an event the fast path cannot vouch for, and agrees with it', async () => {
    const org = await createOrganization(t);
    let events: AuditedEvent[] = [];
    await withTestClient(async (client) => {
      events = await writeCustomer(client, org.id, [registration(), award(5, { 'a "quoted" name': 1, '\uffff': 2, '😀': 3 })]);
    });
    expect((await verify(org.id)).summary.ok).toBe(true);
    await tamperWithEvents(
      [events[0].streamId, 'a "quoted" name'],
      `UPDATE events SET data = jsonb_set(data::jsonb, ARRAY[$2], '2') WHERE stream_id = $1 AND stream_version = 2`,
    );
    expect((await verify(org.id)).findings.map((f) => f.reason ?? f.finding)).toEqual(['hash_mismatch']);
  });

  it('verifies events stored before the json columns (as jsonb printed them) by rewriting them canonically, and finds a change in them', async () => {
    const org = await createOrganization(t);
    let events: AuditedEvent[] = [];
    await withTestClient(async (client) => {
      events = await writeCustomer(client, org.id, [registration(), award(5, { rules: [{ name: 'Thé', points: 2 }], tier: null }), redemption(3)], {
        as: 'jsonb print',
      });
      await writeCustomer(client, org.id, [registration(), award(9)]);
    });
    expect((await verify(org.id)).summary).toMatchObject({ ok: true, streams: 2, events: 5 });
    await tamperWithEvents(
      [events[0].streamId],
      `UPDATE events SET data = jsonb_set(data::jsonb, '{rules,0,points}', '3') WHERE stream_id = $1 AND stream_version = 2`,
    );
    expect((await verify(org.id)).findings.map((f) => [f.version, f.reason ?? f.finding])).toEqual([[2, 'hash_mismatch']]);
  });

  describe('a stored text that is not canonical, re-hashed as it is (and the rest of its stream after it)', () => {
    /** The hash of `event` over `dataText` taken as it is, where the specification hashes the canonical text of its value. */
    const hashOverText = (event: AuditedEvent, prevHash: string | null, dataText: string) => {
      const placeholder = canonicalize({ ...chainedFields(event, prevHash), data: '\u0000' })!;
      return createHash('sha256').update(placeholder.replace('"\\u0000"', dataText), 'utf8').digest('hex');
    };
    const chainedFields = (e: AuditedEvent, prevHash: string | null) => ({
      prev_hash: prevHash,
      organization_id: e.organizationId,
      stream_id: e.streamId,
      stream_version: e.streamVersion,
      event_id: e.eventId,
      type: e.type,
      schema_version: e.schemaVersion,
      occurred_at: e.occurredAt.toISOString(),
      data: e.data,
      metadata: e.metadata,
    });

    it.each([
      // The same value as the event's own, in other words.
      ['whitespace', '{"points": 5, "rules": [], "source": "till"}'],
      ['members out of order', '{"source":"till","rules":[],"points":5}'],
      ['an escape JSON.stringify does not write', '{"points":5,"rules":[],"source":"\\u0074ill"}'],
      ['a number not in its shortest form', '{"points":5.0,"rules":[],"source":"till"}'],
      // Not the same value: JSON.parse keeps the last of two equal names.
      ['a name twice', '{"points":5,"points":500,"rules":[],"source":"till"}'],
    ])('is found at that event: %s', async (_, dataText) => {
      const org = await createOrganization(t);
      let events: AuditedEvent[] = [];
      await withTestClient(async (client) => {
        events = await writeCustomer(client, org.id, [registration(), award(5, { source: 'till' }), award(7)]);
      });
      const [, second, third] = events;
      const secondHash = hashOverText(second, second.prevHash, dataText);
      const thirdHash = eventHash(third, secondHash);
      await tamperWithEvents(
        [second.streamId, dataText, secondHash],
        'UPDATE events SET data = $2::json, hash = $3 WHERE stream_id = $1 AND stream_version = 2',
      );
      await tamperWithEvents(
        [second.streamId, secondHash, thirdHash],
        'UPDATE events SET prev_hash = $2, hash = $3 WHERE stream_id = $1 AND stream_version = 3',
      );
      await t.database.query('UPDATE event_streams SET last_hash = $2 WHERE stream_id = $1', [second.streamId, thirdHash]);
      const { findings } = await verify(org.id);
      expect(findings[0]).toMatchObject({ finding: 'broken_chain', version: 2, reason: 'hash_mismatch' });
      expect(findings.filter((f) => f.finding === 'broken_chain')).toHaveLength(1);
    });
  });

  it('reads a row bigger than a socket read', async () => {
    const org = await createOrganization(t);
    let events: AuditedEvent[] = [];
    await withTestClient(async (client) => {
      events = await writeCustomer(client, org.id, [registration(), award(5, { note: 'é'.repeat(300_000) }), award(6)]);
      await writeCustomer(client, org.id, [registration(), award(5)]);
    });
    expect((await verify(org.id)).summary).toMatchObject({ ok: true, events: 5 });
    await tamperWithEvents(
      [events[0].streamId],
      `UPDATE events SET data = jsonb_set(data::jsonb, '{note}', '"x"') WHERE stream_id = $1 AND stream_version = 2`,
    );
    expect((await verify(org.id)).findings.map((f) => f.reason ?? f.finding)).toEqual(['hash_mismatch']);
  });

  it('does not report customers served while it runs', async () => {
    const org = await createOrganization(t);
    const codes: string[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (
          await pos(t, org.key)
            .post('/customers', { name: `Customer ${i}` })
            .expect(201)
        ).body.customer.loyalty_code,
      );
    const awards = Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        pos(t, org.key)
          .post('/transactions', { identifier: { type: 'loyalty_code', value: codes[i % codes.length] }, amount_cents: 100 + i })
          .expect(201),
      ),
    );
    const verifies = Promise.all(Array.from({ length: 4 }, () => verify(org.id, { workers: 3, partitionEvents: 3 })));
    const [, results] = await Promise.all([awards, verifies]);
    for (const { summary } of results) expect(summary).toMatchObject({ ok: true, findings: 0 });
    expect((await verify(org.id)).summary).toMatchObject({ ok: true, streams: 6, events: 66 });
  });

  it('verifies a whole database (no --org), partitions spanning organizations, as it verifies each organization', async () => {
    // A database of its own: the run's database holds other tests' tampering.
    const scratch = await createScratchDatabase('loyalpanther_test_verify_all', testDatabaseUrl());
    const connection = await DatabaseConnection.open(loadConfig({ DATABASE_URL: scratch.url }), pino({ level: 'silent' }));
    try {
      const organizations: string[] = [];
      const customers: AuditedEvent[][] = [];
      await withClient(scratch.url, async (client) => {
        for (let o = 0; o < 3; o++) {
          const id = (
            await client.query(`INSERT INTO organizations (id, name, earn_rate, timezone) VALUES (gen_random_uuid(), 'Org', '1', 'UTC') RETURNING id`)
          ).rows[0].id;
          organizations.push(id);
          for (let i = 0; i < 4; i++) customers.push(await writeCustomer(client, id, [registration(), award(10), award(3)]));
        }
      });
      await tamperIn(
        connection.database,
        [customers[5][0].streamId],
        `UPDATE events SET data = jsonb_set(data::jsonb, '{points}', '11') WHERE stream_id = $1 AND stream_version = 2`,
      );

      const whole = await verify(undefined, { workers: 1 }, connection.database);
      expect(whole.summary).toEqual({ ok: false, streams: 12, events: 36, findings: 2, broken_chains: 1, customers_differing: 1 });
      expect(whole.findings.map((f) => [f.stream_id, f.reason ?? f.finding])).toEqual([
        [customers[5][0].streamId, 'hash_mismatch'],
        [customers[5][0].streamId, 'projection_mismatch'],
      ]);
      for (const options of [
        { workers: 3, partitionEvents: 5 },
        { workers: 2, partitionEvents: 11 },
      ]) {
        expect((await verify(undefined, options, connection.database)).lines).toEqual(whole.lines);
      }
      const byOrganization = await Promise.all(organizations.map((id) => verify(id, { workers: 2 }, connection.database)));
      expect(byOrganization.flatMap((r) => r.findings)).toEqual(whole.findings);
    } finally {
      await connection.close();
      await scratch.drop();
    }
  });
});
