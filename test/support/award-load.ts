import { randomInt } from 'node:crypto';
import { Agent } from 'node:http';
import { Sql } from '../../src/database/database';
import { call, HttpOutcome, sleep } from './http-client';

/** One purchase a till wants recorded, under its own external_ref. */
export interface Award {
  ref: string;
  code: string;
  amountCents: number;
}

/** The first 2xx a till got for a ref: what it will print on the receipt. */
export interface Acknowledgement {
  status: number;
  pointsAdded: number;
  duplicate: boolean;
  attempts: number;
}

export interface AwardLoadOptions {
  port: number;
  key: string;
  awards: Award[];
  concurrency: number;
  /** Retry a ref until it gets a 2xx (as a till does), or send each ref exactly once. */
  retry: boolean;
  /** The whole load gives up after this long; refs still unacknowledged are reported, not waited for. */
  deadlineMs: number;
  /** Per request: longer than this is a hang, reported as a `timeout` failure. */
  requestTimeoutMs?: number;
  /** Sees every outcome, for assertions about each answer. */
  onOutcome?: (award: Award, outcome: HttpOutcome) => void;
}

/** `count` awards with unique refs spread over `codes`, with amounts from 1.00 to 250.00. */
export function plannedAwards(prefix: string, codes: string[], count: number): Award[] {
  return Array.from({ length: count }, (_, i) => ({ ref: `${prefix}-${i}`, code: codes[i % codes.length], amountCents: randomInt(100, 25_001) }));
}

export const awardBody = (a: Award) => ({ identifier: { type: 'loyalty_code', value: a.code }, amount_cents: a.amountCents, external_ref: a.ref });

/**
 * A few tills sending awards at once, each retrying like a real till: on a refused or reset
 * connection, a timeout, a 5xx or a 429 it waits a little and sends the very same request again.
 * Any other 4xx is unexpected here and ends that ref.
 */
export class AwardLoad {
  readonly acknowledged = new Map<string, Acknowledgement>();
  readonly outcomes = new Map<string, HttpOutcome[]>();
  /** Answers no retry can fix (4xx other than 429): the tests expect none. */
  readonly rejected: Array<{ ref: string; status: number; text: string }> = [];
  private readonly agent: Agent;
  private next = 0;
  private stopped = false;

  constructor(private readonly o: AwardLoadOptions) {
    this.agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  }

  /** No new request after this (those in flight still finish). */
  stop(): void {
    this.stopped = true;
  }

  get sent(): number {
    return [...this.outcomes.values()].reduce((n, list) => n + list.length, 0);
  }

  async run(): Promise<this> {
    const deadline = Date.now() + this.o.deadlineMs;
    try {
      await Promise.all(Array.from({ length: this.o.concurrency }, () => this.till(deadline)));
    } finally {
      this.agent.destroy();
    }
    return this;
  }

  /** Refs that never got a 2xx (nor a final 4xx) before the deadline. */
  unacknowledged(): string[] {
    const rejected = new Set(this.rejected.map((r) => r.ref));
    return this.o.awards.filter((a) => !this.acknowledged.has(a.ref) && !rejected.has(a.ref)).map((a) => a.ref);
  }

  /** Outcomes other than a complete answer, by kind (ECONNREFUSED, ECONNRESET, timeout, …) and by status. */
  tally(): Record<string, number> {
    const tally: Record<string, number> = {};
    for (const list of this.outcomes.values()) {
      for (const o of list) {
        const kind = o.kind === 'answer' ? String(o.status) : o.error;
        tally[kind] = (tally[kind] ?? 0) + 1;
      }
    }
    return tally;
  }

  private async till(deadline: number): Promise<void> {
    while (this.next < this.o.awards.length && Date.now() < deadline && !this.stopped) {
      const award = this.o.awards[this.next++];
      for (let attempt = 1; Date.now() < deadline && !this.stopped; attempt++) {
        const outcome = await call(this.o.port, {
          method: 'POST',
          path: '/api/v1/transactions',
          headers: { authorization: `Bearer ${this.o.key}` },
          body: awardBody(award),
          agent: this.agent,
          timeoutMs: this.o.requestTimeoutMs ?? 10000,
        });
        this.outcomes.set(award.ref, [...(this.outcomes.get(award.ref) ?? []), outcome]);
        this.o.onOutcome?.(award, outcome);
        if (outcome.kind === 'answer' && outcome.status < 300) {
          this.acknowledged.set(award.ref, {
            status: outcome.status,
            pointsAdded: outcome.body.points_added,
            duplicate: outcome.body.duplicate,
            attempts: attempt,
          });
          break;
        }
        if (outcome.kind === 'answer' && outcome.status < 500 && outcome.status !== 429) {
          this.rejected.push({ ref: award.ref, status: outcome.status, text: outcome.text });
          break;
        }
        if (!this.o.retry) break;
        await sleep(20 + randomInt(40));
      }
    }
  }
}

/** What the acknowledgements promise each customer: the sum of the points on their receipts. */
export function acknowledgedPointsByCustomer(awards: Award[], acknowledged: Map<string, Acknowledgement>): Map<string, number> {
  const byCode = new Map<string, number>();
  for (const a of awards) {
    const ack = acknowledged.get(a.ref);
    if (ack) byCode.set(a.code, (byCode.get(a.code) ?? 0) + ack.pointsAdded);
  }
  return byCode;
}

export interface RecordedAward {
  /** points.awarded events carrying this external_ref: exactly one, or the ref was recorded twice. */
  events: number;
  points: number;
  code: string;
  /** The idempotency_keys row's stored outcome (null: claimed but never completed). */
  storedPoints: number | null;
}

/** Every external_ref an organization's awards recorded: its events, points, customer and stored outcome. */
export async function recordedAwards(sql: Sql, organizationId: string): Promise<Map<string, RecordedAward>> {
  const { rows } = await sql.query(
    `SELECT e.data->>'external_ref' AS ref, count(*)::int AS events, sum((e.data->>'points')::int)::int AS points, min(c.loyalty_code) AS code,
            min((k.result->>'pointsAdded')::int) AS stored_points
       FROM events e
       JOIN customer_accounts c ON c.organization_id = e.organization_id AND c.id = e.stream_id
       LEFT JOIN idempotency_keys k ON k.organization_id = e.organization_id AND k.external_ref = e.data->>'external_ref'
      WHERE e.organization_id = $1 AND e.type = 'points.awarded'
      GROUP BY 1`,
    [organizationId],
  );
  return new Map(rows.map((r) => [r.ref, { events: r.events, points: r.points, code: r.code, storedPoints: r.stored_points }]));
}

/** external_refs claimed in idempotency_keys: a claim without an award would mean a half-done request. */
export async function claimedRefs(sql: Sql, organizationId: string): Promise<string[]> {
  const { rows } = await sql.query('SELECT external_ref FROM idempotency_keys WHERE organization_id = $1 ORDER BY external_ref', [organizationId]);
  return rows.map((r) => r.external_ref);
}

export async function balancesByCode(sql: Sql, organizationId: string): Promise<Map<string, number>> {
  const { rows } = await sql.query('SELECT loyalty_code, points_balance::int AS balance FROM customer_accounts WHERE organization_id = $1', [organizationId]);
  return new Map(rows.map((r) => [r.loyalty_code, r.balance]));
}

/**
 * The whole load was recorded exactly once: one points.awarded event and one completed
 * idempotency key per ref, with the points of the till's first receipt, and each customer's
 * balance is the sum of their receipts. Every ref must have been acknowledged.
 */
export async function expectRecordedExactlyOnce(
  sql: Sql,
  organizationId: string,
  codes: string[],
  awards: Award[],
  acknowledged: Map<string, Acknowledgement>,
): Promise<void> {
  const receipt = (ref: string) => acknowledged.get(ref)?.pointsAdded ?? 'never acknowledged';
  const recorded = await recordedAwards(sql, organizationId);
  const expected = new Map(awards.map((a) => [a.ref, { events: 1, points: receipt(a.ref), code: a.code, storedPoints: receipt(a.ref) }]));
  expect(Object.fromEntries(recorded)).toEqual(Object.fromEntries(expected));
  expect(await claimedRefs(sql, organizationId)).toEqual(awards.map((a) => a.ref).sort());
  const promised = acknowledgedPointsByCustomer(awards, acknowledged);
  const balances = await balancesByCode(sql, organizationId);
  expect(Object.fromEntries(balances)).toEqual(Object.fromEntries(codes.map((c) => [c, promised.get(c) ?? 0])));
}
