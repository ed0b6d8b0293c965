import { PassThrough } from 'node:stream';
import { Database, Sql } from '../../src/database/database';
import { parseLedgerCommand } from '../../src/modules/ledger/ledger-cli-args';
import { runLedgerCommand } from '../../src/modules/ledger/ledger-commands';

export interface PointsTotals {
  customers: number;
  awarded: number;
  redeemed: number;
  /** Staff adjustments: given (positive ones) and taken (negative ones, as a positive number). */
  given: number;
  taken: number;
  balances: number;
  lifetime: number;
}

/**
 * Points are conserved: for every customer (of one organization, or of the whole database), the
 * events' deltas (points.awarded points − reward.redeemed points_cost ± points.adjusted points)
 * equal the balance, the awarded points and positive adjustments equal lifetime points, and no
 * balance is below zero. One statement, so one
 * snapshot: writers that commit meanwhile (events and projection in one transaction) cannot make
 * it disagree with itself.
 */
export async function assertPointsConserved(sql: Sql, organizationId?: string): Promise<PointsTotals> {
  const { rows } = await sql.query(
    `WITH deltas AS (
       SELECT organization_id, stream_id,
              sum(CASE WHEN type = 'points.awarded' THEN (data->>'points')::bigint ELSE 0 END) AS awarded,
              sum(CASE WHEN type = 'reward.redeemed' THEN (data->>'points_cost')::bigint ELSE 0 END) AS redeemed,
              sum(CASE WHEN type = 'points.adjusted' THEN greatest((data->>'points')::bigint, 0) ELSE 0 END) AS given,
              sum(CASE WHEN type = 'points.adjusted' THEN greatest(-(data->>'points')::bigint, 0) ELSE 0 END) AS taken
         FROM events WHERE $1::uuid IS NULL OR organization_id = $1 GROUP BY organization_id, stream_id)
     SELECT coalesce(c.organization_id, d.organization_id) AS organization_id, coalesce(c.id, d.stream_id) AS customer_id,
            c.loyalty_code, c.points_balance::text AS balance, c.lifetime_points::text AS lifetime,
            coalesce(d.awarded, 0)::text AS awarded, coalesce(d.redeemed, 0)::text AS redeemed,
            coalesce(d.given, 0)::text AS given, coalesce(d.taken, 0)::text AS taken
       FROM (SELECT * FROM customer_accounts WHERE $1::uuid IS NULL OR organization_id = $1) c
       FULL JOIN deltas d ON d.organization_id = c.organization_id AND d.stream_id = c.id`,
    [organizationId ?? null],
  );
  const customers = rows.map((r) => ({
    customer: r.loyalty_code ?? `(no projection for stream ${r.customer_id})`,
    balance: r.balance === null ? null : Number(r.balance),
    lifetime: r.lifetime === null ? null : Number(r.lifetime),
    awarded: Number(r.awarded),
    redeemed: Number(r.redeemed),
    given: Number(r.given),
    taken: Number(r.taken),
  }));
  const broken = customers.filter(
    (c) => c.balance === null || c.balance !== c.awarded - c.redeemed + c.given - c.taken || c.lifetime !== c.awarded + c.given || c.balance < 0,
  );
  expect(broken).toEqual([]);
  const sum = (f: (c: (typeof customers)[number]) => number) => customers.reduce((total, c) => total + f(c), 0);
  const totals = {
    customers: customers.length,
    awarded: sum((c) => c.awarded),
    redeemed: sum((c) => c.redeemed),
    given: sum((c) => c.given),
    taken: sum((c) => c.taken),
    balances: sum((c) => c.balance!),
    lifetime: sum((c) => c.lifetime!),
  };
  expect(totals.balances).toBe(totals.awarded - totals.redeemed + totals.given - totals.taken);
  expect(totals.lifetime).toBe(totals.awarded + totals.given);
  return totals;
}

/** `ledger verify --org ID`, run in-process: its exit status and the summary line it printed. */
export async function verifyLedgerOf(database: Database, organizationId: string): Promise<{ code: number; summary: any; findings: any[] }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk) => chunks.push(chunk));
  const code = await runLedgerCommand(parseLedgerCommand(['verify', '--org', organizationId]), database, out);
  const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return { code, summary: lines.find((l) => l.summary)?.summary, findings: lines.filter((l) => l.finding) };
}

/** Points conserved and `ledger verify --org` clean: what every fault test ends with. */
export async function expectLedgerSound(database: Database, organizationId: string): Promise<void> {
  await assertPointsConserved(database, organizationId);
  const verified = await verifyLedgerOf(database, organizationId);
  expect({ code: verified.code, ok: verified.summary?.ok, findings: verified.findings }).toEqual({ code: 0, ok: true, findings: [] });
}
