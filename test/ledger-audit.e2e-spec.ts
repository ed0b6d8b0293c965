import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventHash } from '../src/event-store/event-hash';
import { rebuildProjection } from '../src/modules/ledger/audit/rebuild-projection';
import { verifyLedger } from '../src/modules/ledger/audit/verify-ledger';
import { exportLedger } from '../src/modules/ledger/export/export-ledger';
import { parseLedgerCommand } from '../src/modules/ledger/ledger-cli-args';
import { runLedgerCommand } from '../src/modules/ledger/ledger-commands';
import { replayStored as replay, StoredEventLike as ReplayableEvent } from '../src/modules/customer-stream/stored-customer-event';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { lineSink as sink } from './support/line-sink';
import { startTestApp, testDatabaseUrl, TestApp } from './support/test-app';

const LEDGER_CLI = join(__dirname, '..', 'dist', 'modules', 'ledger', 'ledger.cli.js');

describe('the ledger CLI: verify, rebuild, export', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const byCode = (value: string) => ({ type: 'loyalty_code', value });
  const run = async (argv: string[]) => {
    const out = sink();
    const code = await runLedgerCommand(parseLedgerCommand(argv), t.database, out.stream);
    return { code, lines: out.lines() };
  };
  const customerOf = async (org: TestOrganization, code: string) => (await pos(t, org.key).get(`/customers/${code}`).expect(200)).body.customer;
  const idOf = async (org: TestOrganization, code: string) =>
    (await t.database.query('SELECT id FROM customer_accounts WHERE organization_id = $1 AND loyalty_code = $2', [org.id, code])).rows[0].id as string;

  /** An organization with tiers, a reward, and customers who earned and redeemed. */
  async function busyOrganization(customers = 3): Promise<{ org: TestOrganization; codes: string[] }> {
    const org = await createOrganization(t);
    await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Silver', min_lifetime_points: 100, multiplier: 1.25 }).expect(201);
    await admin(t).post(`/organizations/${org.id}/tiers`, { name: 'Gold', min_lifetime_points: 500, multiplier: 1.5 }).expect(201);
    const reward = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Cake', points_cost: 30 }).expect(201)).body.reward;
    const codes: string[] = [];
    for (let i = 0; i < customers; i++) {
      const code = (
        await pos(t, org.key)
          .post('/customers', { name: `Customer ${i}` })
          .expect(201)
      ).body.customer.loyalty_code;
      for (const amount of [5_000, 12_345, 999 * (i + 1)])
        await pos(t, org.key)
          .post('/transactions', { identifier: byCode(code), amount_cents: amount })
          .expect(201);
      await pos(t, org.key)
        .post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
        .expect(201);
      codes.push(code);
    }
    return { org, codes };
  }

  describe('verify', () => {
    it('passes (exit 0) when every chain holds and every projection row agrees with the replay', async () => {
      const { org } = await busyOrganization();
      const { code, lines } = await run(['verify', '--org', org.id]);
      expect(code).toBe(0);
      expect(lines).toEqual([{ summary: { ok: true, streams: 3, events: 15, findings: 0, broken_chains: 0, customers_differing: 0 } }]);
    });

    it('gives the same answer reading a few events at a time (streams split across reads)', async () => {
      const { org, codes } = await busyOrganization();
      await t.database.query('UPDATE customer_accounts SET lifetime_points = 1 WHERE organization_id = $1 AND loyalty_code = $2', [org.id, codes[1]]);
      for (const batchSize of [1, 2, 4, 5, 1000]) {
        const out = sink();
        const summary = await verifyLedger(t.database, out.stream, { organizationId: org.id, batchSize });
        expect(summary).toEqual({ ok: false, streams: 3, events: 15, findings: 1, broken_chains: 0, customers_differing: 1 });
        expect(out.lines()[0]).toMatchObject({ finding: 'projection_mismatch', customer: codes[1] });
      }
    });
  });

  describe('a projection row changed behind the service’s back', () => {
    it('is reported by verify, naming the customer, and repaired by rebuild', async () => {
      const { org, codes } = await busyOrganization();
      const victim = codes[2];
      const honest = await customerOf(org, victim);
      await t.database.query('UPDATE customer_accounts SET points_balance = 99999, lifetime_points = 99999 WHERE organization_id = $1 AND loyalty_code = $2', [
        org.id,
        victim,
      ]);

      const verified = await run(['verify', '--org', org.id]);
      expect(verified.code).toBe(1);
      expect(verified.lines).toEqual([
        {
          finding: 'projection_mismatch',
          organization_id: org.id,
          customer: victim,
          stream_id: await idOf(org, victim),
          expected: {
            loyalty_code: victim,
            points_balance: honest.points_balance,
            lifetime_points: honest.lifetime_points,
            version: 5,
            tier: honest.tier,
            lots: expect.any(String),
            next_expiry: null,
          },
          found: { loyalty_code: victim, points_balance: 99999, lifetime_points: 99999, version: 5, tier: 'Gold', lots: expect.any(String), next_expiry: null },
        },
        { summary: { ok: false, streams: 3, events: 15, findings: 1, broken_chains: 0, customers_differing: 1 } },
      ]);

      const rebuilt = await run(['rebuild', '--org', org.id]);
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.lines).toEqual([
        {
          rebuild: 'changed',
          organization_id: org.id,
          customer: victim,
          stream_id: await idOf(org, victim),
          before: { points_balance: 99999, lifetime_points: 99999, version: 5, lots: expect.any(String), next_expiry: null },
          after: { points_balance: honest.points_balance, lifetime_points: honest.lifetime_points, version: 5, lots: expect.any(String), next_expiry: null },
        },
        { summary: { ok: true, customers: 3, changed: 1, unchanged: 2, skipped: 0 } },
      ]);
      expect(await customerOf(org, victim)).toEqual(honest);
      expect((await run(['verify', '--org', org.id])).code).toBe(0);
    });

    it('is rebuilt while awards keep arriving for that customer, and no award is lost', async () => {
      const { org, codes } = await busyOrganization(2);
      const [code] = codes;
      const start = await customerOf(org, code);
      await t.database.query('UPDATE customer_accounts SET points_balance = 0 WHERE organization_id = $1 AND loyalty_code = $2', [org.id, code]);

      // Without the tampering, 20 awards of 1 point each would add 20 (no tier change: Gold is far).
      const awards = Promise.all(
        Array.from({ length: 20 }, () =>
          pos(t, org.key)
            .post('/transactions', { identifier: byCode(code), amount_cents: 100 })
            .expect(201),
        ),
      );
      const rebuilds = Promise.all([0, 1, 2].map(() => rebuildProjection(t.database, sink().stream, { organizationId: org.id, batchSize: 1 })));
      await Promise.all([awards, rebuilds]);

      const end = await customerOf(org, code);
      expect(end.points_balance).toBe(start.points_balance + 20);
      expect(end.lifetime_points).toBe(start.lifetime_points + 20);
      expect((await run(['verify', '--org', org.id])).code).toBe(0);
    });
  });

  describe('an event changed in the database (triggers disabled)', () => {
    it('is reported as a broken chain at that event, and rebuild refuses to launder it', async () => {
      // An organization of its own: a verify without --org would find this tampering from now on.
      const { org, codes } = await busyOrganization(2);
      const victim = codes[0];
      const streamId = await idOf(org, victim);
      const before = await customerOf(org, victim);
      // In one transaction, so no other session ever sees the table without its triggers.
      await t.database.transaction(async (tx) => {
        await tx.query('ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete');
        await tx.query(
          `UPDATE events SET data = jsonb_set(data::jsonb, '{points}', '5000') WHERE organization_id = $1 AND stream_id = $2 AND stream_version = 2`,
          [org.id, streamId],
        );
        await tx.query('ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete');
      });

      const verified = await run(['verify', '--org', org.id]);
      expect(verified.code).toBe(1);
      expect(verified.lines[0]).toEqual({
        finding: 'broken_chain',
        organization_id: org.id,
        customer: victim,
        stream_id: streamId,
        version: 2,
        reason: 'hash_mismatch',
        message: expect.any(String),
      });
      // The replay of the edited event no longer matches the projection either: also reported.
      expect(verified.lines.slice(1, -1)).toEqual([expect.objectContaining({ finding: 'projection_mismatch', customer: victim })]);
      expect(verified.lines[verified.lines.length - 1].summary).toMatchObject({ ok: false, broken_chains: 1 });

      const rebuilt = await run(['rebuild', '--org', org.id]);
      expect(rebuilt.code).toBe(1);
      expect(rebuilt.lines[0]).toMatchObject({ rebuild: 'skipped', customer: victim, findings: [{ finding: 'broken_chain', version: 2 }] });
      expect(await customerOf(org, victim)).toEqual(before);
    });
  });

  describe('export', () => {
    it("writes the organization's events as NDJSON in ledger order; replayed with evolve they give the projection's balances", async () => {
      const { org, codes } = await busyOrganization(4);
      const expected = Number((await t.database.query('SELECT count(*) FROM events WHERE organization_id = $1', [org.id])).rows[0].count);
      const { code, lines } = await run(['export', '--org', org.id]);
      expect(code).toBe(0);
      expect(lines).toHaveLength(expected);
      expect(lines.map((l) => l.position)).toEqual(lines.map((_, i) => i + 1));

      // As an auditor would: check each line's hash, then replay each customer's lines in file order.
      const byCustomer = new Map<string, ReplayableEvent[]>();
      for (const l of lines) {
        const fields = {
          organizationId: l.organization_id,
          streamId: l.stream_id,
          streamVersion: l.stream_version,
          eventId: l.event_id,
          type: l.type,
          schemaVersion: l.schema_version,
          occurredAt: new Date(l.occurred_at),
          data: l.data,
          metadata: l.metadata,
        };
        expect(eventHash(fields, l.prev_hash)).toBe(l.hash);
        byCustomer.set(l.customer, [...(byCustomer.get(l.customer) ?? []), { type: l.type, schemaVersion: l.schema_version, data: l.data }]);
      }
      expect([...byCustomer.keys()].sort()).toEqual([...codes].sort());
      for (const c of codes) {
        const replayed = replay(byCustomer.get(c)!);
        const stored = await customerOf(org, c);
        expect({ points_balance: replayed.pointsBalance, lifetime_points: replayed.lifetimePoints }).toEqual({
          points_balance: stored.points_balance,
          lifetime_points: stored.lifetime_points,
        });
      }
    });

    it('starts after --after, and pages through any number of events', async () => {
      const { org } = await busyOrganization(2);
      const all = await run(['export', '--org', org.id]);
      const out = sink();
      const result = await exportLedger(t.database, out.stream, { organizationId: org.id, after: 3, pageSize: 2 });
      expect(result).toEqual({ events: all.lines.length - 3, nextAfter: all.lines.length });
      expect(out.lines()).toEqual(all.lines.slice(3));
    });

    it('refuses an unknown organization, as verify and rebuild do', async () => {
      for (const command of ['export', 'verify', 'rebuild']) {
        await expect(run([command, '--org', '00000000-0000-4000-8000-000000000000'])).rejects.toMatchObject({ code: 'not_found' });
      }
    });
  });

  const ifBuilt = existsSync(LEDGER_CLI) ? it : it.skip;
  ifBuilt('runs as `node dist/modules/ledger/ledger.cli.js verify --org …`, with exit status 0 or 1', async () => {
    const { org, codes } = await busyOrganization(1);
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: testDatabaseUrl() };
        delete env.LOG_LEVEL;
        execFile(process.execPath, [LEDGER_CLI, ...args], { env, timeout: 60_000 }, (error, stdout) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
        );
      });
    const ok = await cli(['verify', '--org', org.id]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout.trim()).summary.ok).toBe(true);
    await t.database.query('UPDATE customer_accounts SET points_balance = points_balance + 1 WHERE organization_id = $1', [org.id]);
    const bad = await cli(['verify', '--org', org.id]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(codes[0]);
    expect((await cli(['nonsense'])).code).toBe(2);
  });
});
