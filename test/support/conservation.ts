import { PassThrough } from 'node:stream';
import { Database, Sql } from '../../src/database/database';
import { parseLedgerCommand } from '../../src/modules/ledger/ledger-cli-args';
import { runLedgerCommand } from '../../src/modules/ledger/ledger-commands';

export interface PointsTotals {
  customers: number;
  awarded: number;
  redeemed: number;
  /** Points refunds took back (their points_removed), and of those, what balances could not give back. */
  refunded: number;
  unrecovered: number;
  /** Points reversed redemptions gave back. */
  restored: number;
  /** Staff adjustments: given (positive ones) and taken (negative ones, as a positive number). */
  given: number;
  taken: number;
  /** Points that expired, and of refunds' points, those their sale's lot had lost to expiry already. */
  expired: number;
  refundedExpired: number;
  balances: number;
  lifetime: number;
}

/**
 * Points are conserved: for every customer (of one organization, or of the whole database), the
 * events' deltas equal the balance (awarded − redeemed − (refunded − unrecovered − already expired)
 * + restored + given − taken − expired), the awarded points and positive adjustments less the
 * refunded ones equal lifetime points, and no balance is below zero unless the organization allows
 * it. A reference written apart from `evolve` on purpose: the two agreeing is the check. One
 * statement, so one snapshot: writers that commit meanwhile (events and projection in one
 * transaction) cannot make it disagree with itself.
 */
export async function assertPointsConserved(sql: Sql, organizationId?: string): Promise<PointsTotals> {
  const { rows } = await sql.query(
    `WITH deltas AS (
       SELECT organization_id, stream_id,
              sum(CASE WHEN type = 'points.awarded' THEN (data->>'points')::bigint ELSE 0 END) AS awarded,
              sum(CASE WHEN type = 'reward.redeemed' THEN (data->>'points_cost')::bigint ELSE 0 END) AS redeemed,
              sum(CASE WHEN type = 'points.refunded' THEN (data->>'points_removed')::bigint ELSE 0 END) AS refunded,
              sum(CASE WHEN type = 'points.refunded' THEN (data->>'unrecovered_points')::bigint ELSE 0 END) AS unrecovered,
              sum(CASE WHEN type = 'reward.redemption_reversed' THEN (data->>'points_restored')::bigint ELSE 0 END) AS restored,
              sum(CASE WHEN type = 'points.adjusted' THEN greatest((data->>'points')::bigint, 0) ELSE 0 END) AS given,
              sum(CASE WHEN type = 'points.adjusted' THEN greatest(-(data->>'points')::bigint, 0) ELSE 0 END) AS taken,
              sum(CASE WHEN type = 'points.expired' THEN (data->>'points')::bigint ELSE 0 END) AS expired,
              sum(CASE WHEN type = 'points.refunded' THEN coalesce((data->>'expired_points')::bigint, 0) ELSE 0 END) AS refunded_expired
         FROM events WHERE $1::uuid IS NULL OR organization_id = $1 GROUP BY organization_id, stream_id)
     SELECT coalesce(c.organization_id, d.organization_id) AS organization_id, coalesce(c.id, d.stream_id) AS customer_id,
            c.loyalty_code, c.points_balance::text AS balance, c.lifetime_points::text AS lifetime,
            (SELECT refund_policy FROM organizations o WHERE o.id = coalesce(c.organization_id, d.organization_id)) AS refund_policy,
            coalesce(d.awarded, 0)::text AS awarded, coalesce(d.redeemed, 0)::text AS redeemed, coalesce(d.refunded, 0)::text AS refunded,
            coalesce(d.unrecovered, 0)::text AS unrecovered, coalesce(d.restored, 0)::text AS restored,
            coalesce(d.given, 0)::text AS given, coalesce(d.taken, 0)::text AS taken,
            coalesce(d.expired, 0)::text AS expired, coalesce(d.refunded_expired, 0)::text AS refunded_expired
       FROM (SELECT * FROM customer_accounts WHERE $1::uuid IS NULL OR organization_id = $1) c
       FULL JOIN deltas d ON d.organization_id = c.organization_id AND d.stream_id = c.id`,
    [organizationId ?? null],
  );
  const customers = rows.map((r) => ({
    customer: r.loyalty_code ?? `(no projection for stream ${r.customer_id})`,
    balance: r.balance === null ? null : Number(r.balance),
    lifetime: r.lifetime === null ? null : Number(r.lifetime),
    mayBeNegative: r.refund_policy === 'allow_negative',
    awarded: Number(r.awarded),
    redeemed: Number(r.redeemed),
    refunded: Number(r.refunded),
    unrecovered: Number(r.unrecovered),
    restored: Number(r.restored),
    given: Number(r.given),
    taken: Number(r.taken),
    expired: Number(r.expired),
    refundedExpired: Number(r.refunded_expired),
  }));
  const expectedBalance = (c: (typeof customers)[number]) =>
    c.awarded - c.redeemed - (c.refunded - c.unrecovered - c.refundedExpired) + c.restored + c.given - c.taken - c.expired;
  const broken = customers
    .filter(
      (c) => c.balance === null || c.balance !== expectedBalance(c) || c.lifetime !== c.awarded + c.given - c.refunded || (c.balance < 0 && !c.mayBeNegative),
    )
    .map(({ mayBeNegative: _, ...c }) => c);
  expect(broken).toEqual([]);
  const sum = (f: (c: (typeof customers)[number]) => number) => customers.reduce((total, c) => total + f(c), 0);
  const totals = {
    customers: customers.length,
    awarded: sum((c) => c.awarded),
    redeemed: sum((c) => c.redeemed),
    refunded: sum((c) => c.refunded),
    unrecovered: sum((c) => c.unrecovered),
    restored: sum((c) => c.restored),
    given: sum((c) => c.given),
    taken: sum((c) => c.taken),
    expired: sum((c) => c.expired),
    refundedExpired: sum((c) => c.refundedExpired),
    balances: sum((c) => c.balance!),
    lifetime: sum((c) => c.lifetime!),
  };
  expect(totals.balances).toBe(
    totals.awarded -
      totals.redeemed -
      (totals.refunded - totals.unrecovered - totals.refundedExpired) +
      totals.restored +
      totals.given -
      totals.taken -
      totals.expired,
  );
  expect(totals.lifetime).toBe(totals.awarded + totals.given - totals.refunded);
  return totals;
}

/** `ledger verify --org ID`, run in-process: its exit status and the summary line it printed. */
export async function verifyLedgerOf(database: Database, organizationId: string): Promise<{ code: number; summary: any; findings: any[] }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk) => chunks.push(chunk));
  const code = await runLedgerCommand(parseLedgerCommand(['verify', '--org', organizationId]), database, out);
  const lines = Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  return { code, summary: lines.find((l) => l.summary)?.summary, findings: lines.filter((l) => l.finding) };
}

/** Points conserved and `ledger verify --org` clean: what every fault test ends with. */
export async function expectLedgerSound(database: Database, organizationId: string): Promise<void> {
  await assertPointsConserved(database, organizationId);
  const verified = await verifyLedgerOf(database, organizationId);
  expect({ code: verified.code, ok: verified.summary?.ok, findings: verified.findings }).toEqual({ code: 0, ok: true, findings: [] });
}
