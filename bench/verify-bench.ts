import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Database } from '../src/database/database';
import type * as DatabaseConnectionModule from '../src/database/database-connection';
import type * as AppConfigModule from '../src/config/app-config';
import { canonicalBody, hashOfCanonical } from '../src/event-store/event-hash';
import { EVENT_RECORD_COLUMNS, eventRecord, eventRecords } from '../src/event-store/event-records';
import {
  CUSTOMER_REGISTERED,
  CUSTOMER_STREAM,
  CustomerRegisteredData,
  POINTS_AWARDED,
  PointsAwardedData,
} from '../src/modules/customer-stream/customer-events';
import { NEVER_EXPIRING_LOT } from '../src/modules/customer-stream/lots';
import { createScratchDatabase } from '../test/support/test-database';

/**
 * The ledger verify benchmark (docs/performance.md, "Ledger verify"): generates a valid ledger of
 * `events` events in a fresh database, runs `ledger verify --org …` on it as its own process (the
 * built CLI), and reports verified events per second and the verifier's peak RSS beside the time
 * PostgreSQL takes to scan the same events (`count(*)`, `sum(points)`) in the same run.
 *
 * The service's build (`dist/`, or VERIFY_BENCH_DIST) provides the CLI and the DatabaseConnection
 * that applies the migrations (they are found beside the built code).
 */
export interface VerifyBenchResult {
  events: number;
  customers: number;
  generate_seconds: number;
  verify_seconds: number;
  events_per_second: number;
  /** Peak resident memory (VmHWM) of the verify process, in MB. */
  peak_rss_mb: number | null;
  pg_scan_seconds: number;
  pg_scan_events_per_second: number;
  /** verify exited 0 and its summary counted every generated event. */
  ok: boolean;
  verify_summary: Record<string, unknown> | null;
}

const MAX_CUSTOMERS = 10_000;
/** Events per INSERT statement (one json parameter), and how many statements may be in flight. */
const CHUNK_EVENTS = 20_000;
const IN_FLIGHT = 2;

const serviceDist = () => process.env.VERIFY_BENCH_DIST || join(__dirname, '..', '..', 'dist');

const TIERS = [
  { name: 'Silver', min: 1000, multiplier: '1.1', m4: 11_000n },
  { name: 'Gold', min: 100_000, multiplier: '1.5', m4: 15_000n },
];
const EARN_RATE = { text: '1.25', m4: 12_500n };
const HAPPY_HOUR = { name: 'Happy hour', multiplier: '2', m4: 20_000n };
interface LineItem {
  name: string;
  category: string | null;
  quantity: number;
  unit_price_cents: number;
}
const MENU: Omit<LineItem, 'quantity'>[] = [
  { name: 'Cappuccino', category: 'drinks', unit_price_cents: 380 },
  { name: 'Espresso', category: 'drinks', unit_price_cents: 250 },
  { name: 'Croissant', category: 'food', unit_price_cents: 240 },
  { name: 'Donut', category: 'food', unit_price_cents: 190 },
  { name: 'Thé à la menthe', category: null, unit_price_cents: 320 },
];
const FIRST = ['Ann', 'Zoë', 'José', 'Łukasz', 'Ιωάννα', 'Aiko', 'Chloé', 'Mohammed', 'Siobhán', 'Björn'];
const LAST = ['Smith', "O'Brien", 'Müller', 'García', 'Nakamura', 'Dupont', 'Kowalski', 'Backslash \\ Co', 'Nguyễn', '"The" Barista'];

interface Customer {
  id: string;
  data: CustomerRegisteredData;
  events: number;
  version: number;
  lastHash: string | null;
  balance: number;
  lifetime: number;
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;
const progress = (message: string) => process.stderr.write(`[verify-bench] ${message}\n`);
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Peak resident memory of a process so far (Linux: VmHWM), in kB; null once it has gone. */
function vmHwmKb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) : null;
  } catch {
    return null;
  }
}

export async function runVerifyBench(databaseUrl: string, events: number): Promise<VerifyBenchResult> {
  if (!Number.isSafeInteger(events) || events < 1) throw new Error(`events must be a positive integer, got ${events}`);
  const dist = serviceDist();
  const { DatabaseConnection } = require(join(dist, 'database', 'database-connection.js')) as typeof DatabaseConnectionModule;
  const { loadConfig } = require(join(dist, 'config', 'app-config.js')) as typeof AppConfigModule;
  const config = loadConfig({ DATABASE_URL: databaseUrl, DB_POOL_SIZE: '4', DB_STATEMENT_TIMEOUT_MS: '600000' });
  const connection = await DatabaseConnection.open(config, pino({ level: 'warn' }, pino.destination(2)), { migrate: true });
  try {
    const db = connection.database;
    const started = process.hrtime.bigint();
    const { organizationId, customers } = await generateLedger(db, events);
    const generateSeconds = seconds(started);
    progress(`generated ${events} events for ${customers} customers in ${round(generateSeconds, 1)} s`);

    const verify = await runVerifier(join(dist, 'modules', 'ledger', 'ledger.cli.js'), databaseUrl, organizationId);
    progress(`verify: exit ${verify.exitCode} in ${round(verify.seconds, 1)} s, peak RSS ${verify.peakRssMb} MB`);

    const scanStarted = process.hrtime.bigint();
    const { rows } = await db.query(`SELECT count(*)::bigint AS n, sum((data->>'points')::bigint) AS points FROM events WHERE organization_id = $1`, [
      organizationId,
    ]);
    const scanSeconds = seconds(scanStarted);
    if (Number(rows[0].n) !== events) throw new Error(`the scan counted ${rows[0].n} events, ${events} were generated`);

    const summary = verify.summary;
    return {
      events,
      customers,
      generate_seconds: round(generateSeconds),
      verify_seconds: round(verify.seconds, 3),
      events_per_second: Math.round(events / verify.seconds),
      peak_rss_mb: verify.peakRssMb,
      pg_scan_seconds: round(scanSeconds, 3),
      pg_scan_events_per_second: Math.round(events / scanSeconds),
      ok: verify.exitCode === 0 && summary?.ok === true && summary?.events === events,
      verify_summary: summary,
    };
  } finally {
    await connection.close();
  }
}

/**
 * An organization (two tiers, a happy-hour bonus, product rules) and `events` valid events: up to
 * 10,000 customers, each `customer.registered` then `points.awarded` events as the service writes
 * them, hash-chained and stored (data and metadata as the canonical text hashed) as the event store
 * does. Events are inserted in time order, interleaving customers as a real ledger does, many
 * streams per statement; stream heads and projection rows match at the end.
 */
async function generateLedger(db: Database, total: number): Promise<{ organizationId: string; customers: number }> {
  const organizationId = randomUUID();
  await db.query(`INSERT INTO organizations (id, name, earn_rate, timezone) VALUES ($1, 'Verify Bench Café', $2, 'UTC')`, [organizationId, EARN_RATE.text]);
  for (const tier of TIERS) {
    await db.query('INSERT INTO tiers (organization_id, id, name, min_lifetime_points, multiplier) VALUES ($1, $2, $3, $4, $5)', [
      organizationId,
      randomUUID(),
      tier.name,
      tier.min,
      tier.multiplier,
    ]);
  }

  const customers = makeCustomers(total);
  await db.query(
    `INSERT INTO event_streams (organization_id, stream_id, stream_type, version, last_hash)
     SELECT $1, id, $3, 0, NULL FROM unnest($2::uuid[]) AS id`,
    [organizationId, customers.map((c) => c.id), CUSTOMER_STREAM],
  );

  const rounds = customers[0].events;
  const start = Date.now() - 180 * 86_400_000;
  const step = (180 * 86_400_000) / rounds;
  const inFlight: Promise<unknown>[] = [];
  let chunk: string[] = [];
  let written = 0;
  let ref = 0;
  let lastReport = process.hrtime.bigint();
  const began = lastReport;
  const flush = async () => {
    if (!chunk.length) return;
    const json = eventRecords(chunk);
    const n = chunk.length;
    chunk = [];
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    inFlight.push(
      db
        .query(
          `INSERT INTO events (organization_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
         SELECT $1, e.stream_id, e.stream_version, e.event_id, e.type, e.schema_version, e.data, e.metadata, e.occurred_at, e.prev_hash, e.hash
         FROM json_to_recordset($2::json) AS e(${EVENT_RECORD_COLUMNS})`,
          [organizationId, json],
        )
        .then(() => {
          written += n;
          if (seconds(lastReport) >= 5 || written === total) {
            lastReport = process.hrtime.bigint();
            progress(`generated ${written}/${total} events (${Math.round(written / seconds(began))}/s)`);
          }
        }),
    );
  };

  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < customers.length; i++) {
      const customer = customers[i];
      if (customer.events <= r) break; // customers are sorted by event count, most first
      const occurredAt = new Date(Math.floor(start + r * step + (i * step) / customers.length));
      const [type, data] = r === 0 ? [CUSTOMER_REGISTERED, customer.data] : [POINTS_AWARDED, award(customer, occurredAt, ++ref)];
      chunk.push(nextEvent(organizationId, customer, type, data, occurredAt));
      if (chunk.length >= CHUNK_EVENTS) await flush();
      else if (chunk.length % 1000 === 0) await yieldToIo(); // lets the statements in flight be sent
    }
  }
  await flush();
  await Promise.all(inFlight);

  await db.query(
    `UPDATE event_streams s SET version = v.version, last_hash = v.last_hash
     FROM unnest($2::uuid[], $3::int[], $4::text[]) AS v(stream_id, version, last_hash)
     WHERE s.organization_id = $1 AND s.stream_id = v.stream_id`,
    [organizationId, customers.map((c) => c.id), customers.map((c) => c.version), customers.map((c) => c.lastHash)],
  );
  await db.query(
    `INSERT INTO customer_accounts (organization_id, id, loyalty_code, name, email, birthday, points_balance, lifetime_points, version, lots)
     SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::bigint[], $8::bigint[], $9::int[], $10::jsonb[])`,
    [
      organizationId,
      customers.map((c) => c.id),
      customers.map((c) => c.data.loyalty_code),
      customers.map((c) => c.data.name),
      customers.map((c) => c.data.email),
      customers.map((c) => c.data.birthday),
      customers.map((c) => c.balance),
      customers.map((c) => c.lifetime),
      customers.map((c) => c.version),
      // The generated awards never expire: their points are the one never-expiring lot, as the replay folds them.
      customers.map((c) => JSON.stringify(c.balance > 0 ? [{ lot: NEVER_EXPIRING_LOT, points: c.balance, expires_at: null }] : [])),
    ],
  );
  // As autovacuum would have done on a ledger this size: hint bits set, statistics known.
  progress('vacuum analyze…');
  await db.query('VACUUM (ANALYZE) events, event_streams, customer_accounts');
  return { organizationId, customers: customers.length };
}

/** Up to 10,000 customers sharing `total` events (one registration each, then awards), most events first. */
function makeCustomers(total: number): Customer[] {
  const count = Math.min(MAX_CUSTOMERS, total);
  const base = Math.floor(total / count);
  const extra = total % count;
  const codes = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    let code: string;
    do code = randomBytes(4).toString('hex').toUpperCase();
    while (codes.has(code));
    codes.add(code);
    const data: CustomerRegisteredData = {
      loyalty_code: code,
      name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
      email: i % 10 === 9 ? null : `customer${i}@verify-bench.example`,
      birthday: i % 2 ? null : `19${50 + (i % 50)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    };
    return { id: randomUUID(), data, events: base + (i < extra ? 1 : 0), version: 0, lastHash: null, balance: 0, lifetime: 0 };
  });
}

/** A `points.awarded` as the award handler writes it, for a till transaction or an order. */
function award(customer: Customer, occurredAt: Date, ref: number): PointsAwardedData {
  let tier: (typeof TIERS)[number] | null = null;
  for (const t of TIERS) if (t.min <= customer.lifetime) tier = t;
  const hour = occurredAt.getUTCHours();
  const bonus = hour >= 16 && hour < 18 ? HAPPY_HOUR : null;
  const order = ref % 10 < 3;
  const lineItems: LineItem[] | undefined = order
    ? Array.from({ length: 1 + (ref % 3) }, (_, k) => ({ ...MENU[(ref + k) % MENU.length], quantity: 1 + ((ref >> k) % 3) }))
    : undefined;
  const amountCents = lineItems ? lineItems.reduce((sum, item) => sum + item.quantity * item.unit_price_cents, 0) : 300 + ((ref * 7919) % 5700);
  const basePoints = Number((BigInt(amountCents) * EARN_RATE.m4 * (bonus?.m4 ?? 10_000n) * (tier?.m4 ?? 10_000n)) / (100n * 10_000n * 10_000n * 10_000n));
  const rules: { name: string; points: number }[] = [];
  if (lineItems) {
    const qty = (pred: (i: LineItem) => boolean) => lineItems.filter(pred).reduce((s, i) => s + i.quantity, 0);
    const cappuccinos = qty((i) => i.name === 'Cappuccino');
    if (cappuccinos >= 2) rules.push({ name: '2 cappuccinos = 15 pts', points: 15 * Math.floor(cappuccinos / 2) });
    const food = qty((i) => i.category === 'food');
    if (food) rules.push({ name: 'Pastries', points: 3 * food });
  }
  const productPoints = rules.reduce((s, r) => s + r.points, 0);
  const points = basePoints + productPoints;
  return {
    source: order ? 'order' : 'transaction',
    external_ref: ref % 5 === 4 ? null : `till-${ref}`,
    amount_cents: amountCents,
    earn_rate: EARN_RATE.text,
    bonus: bonus && { name: bonus.name, multiplier: bonus.multiplier },
    tier: tier && { name: tier.name, multiplier: tier.multiplier },
    base_points: basePoints,
    ...(lineItems && { line_items: lineItems }),
    rules,
    product_points: productPoints,
    points,
    balance_after: customer.balance + points,
    lifetime_points_after: customer.lifetime + points,
  };
}

/**
 * The next event of `customer`'s stream, chained and hashed exactly as EventStore.append does, as
 * one record to insert (its text: a chunk holds 20,000, better as strings than as objects the
 * collector must walk); moves the customer (head and projection figures) past it.
 */
function nextEvent(organizationId: string, customer: Customer, type: string, data: object, occurredAt: Date): string {
  const fields = {
    organizationId,
    streamId: customer.id,
    streamVersion: customer.version + 1,
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    occurredAt,
    data,
    metadata: { request_id: randomUUID() },
  };
  const body = canonicalBody(fields);
  const hash = hashOfCanonical(fields, body, customer.lastHash);
  const record = eventRecord({ ...fields, body, prevHash: customer.lastHash, hash });
  customer.version = fields.streamVersion;
  customer.lastHash = hash;
  if (type === POINTS_AWARDED) {
    const points = (data as PointsAwardedData).points;
    customer.balance += points;
    customer.lifetime += points;
  }
  return record;
}

/** `ledger verify --org` as its own process: its wall time, exit code, summary line and peak RSS. */
async function runVerifier(cli: string, databaseUrl: string, organizationId: string) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...(process.env.VERIFY_NODE_ARGS ?? '').split(' ').filter(Boolean), cli, 'verify', '--org', organizationId], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakKb = 0;
  const sample = () => (peakKb = Math.max(peakKb, vmHwmKb(child.pid!) ?? 0));
  const sampler = setInterval(sample, 20);
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    sample();
  });
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const verifySeconds = seconds(started);
  clearInterval(sampler);
  const lines = stdout.trim().split('\n').filter(Boolean);
  if (exitCode !== 0) progress(`verify reported (first lines):\n${lines.slice(0, 5).join('\n')}`);
  let summary: Record<string, unknown> | null;
  try {
    summary = JSON.parse(lines[lines.length - 1] ?? 'null')?.summary ?? null;
  } catch {
    summary = null;
  }
  return { exitCode, seconds: verifySeconds, summary, peakRssMb: peakKb ? Math.round(peakKb / 1024) : null };
}

/** `node dist-bench/bench/verify-bench.js --events N`: on a scratch database of DATABASE_URL's server (or embedded). */
async function main() {
  const i = process.argv.indexOf('--events');
  const events = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
  const database = await createScratchDatabase('loyalpanther_verify_bench', process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined);
  try {
    const result = await runVerifyBench(database.url, events);
    console.log(JSON.stringify(result, null, 2));
    if (!result.ok) process.exitCode = 1;
  } finally {
    await database.drop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
