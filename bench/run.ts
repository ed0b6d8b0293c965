import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createScratchDatabase, freePort } from '../test/support/test-database';
import { cpuShare, sampleCpu, serviceProcesses } from './cpu-usage';
import { loadGenerator } from './load/load-generator';
import { activityScenarios, Histories, Scenario, scenarios, searchScenarios } from './scenarios';
import { seedSearch } from './search-seed';
import { seed, seedHistories, Seeded } from './seed';
import { runVerifyBench } from './verify-bench';

/**
 * `npm run bench`: the service's throughput as a fraction of what PostgreSQL alone does on the
 * same machine in the same run. A fresh database (on DATABASE_URL's server, or embedded), the
 * built service as its own process, seeding over HTTP, then autocannon per scenario from this
 * process, and `shared/bench/db-limit.sh` (pgbench) for the ceiling.
 */
const ROOT = join(__dirname, '..', '..');
const smoke = process.argv.includes('--smoke');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', smoke ? 2 : 15);
const WARMUP = smoke ? 1 : 3;
const CONNECTIONS = arg('connections', 8);
const CUSTOMERS = arg('customers', smoke ? 200 : 10000);
const VERIFY_EVENTS = arg('verify-events', smoke ? 20_000 : 1_000_000);
/** Purchases per customer of the long histories the activity scenario reads (the short ones have 10). */
const HISTORY_EVENTS = arg('history-events', smoke ? 30 : 1000);
const HISTORY_CUSTOMERS = smoke ? 2 : 16;
/** Customers of the organization the search scenarios search (0: no search scenarios). */
const SEARCH_CUSTOMERS = arg('search-customers', smoke ? 2000 : 1_000_000);
const option = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
/** `--only awards,lookups`: run just these scenarios (and skip db-limit with --no-db-limit). */
const ONLY = option('only')?.split(',') ?? null;
const selected = (name: string) => !ONLY || ONLY.includes(name.split(' ')[0]);
/** `--load-generator wrk|autocannon`; default wrk when it is installed. */
const GENERATOR = loadGenerator(option('load-generator'));

function dbLimit(url: string): { award_tps: number; read_tps: number } | null {
  const script = [join(ROOT, '..', 'shared', 'bench', 'db-limit.sh'), process.env.DB_LIMIT_SCRIPT ?? ''].find((p) => p && existsSync(p));
  if (!script) {
    console.warn('db-limit.sh not found beside the repository (../shared/bench): no ratios this run');
    return null;
  }
  const out = execFileSync('bash', [script, url, String(SECONDS), String(CONNECTIONS)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/**
 * Table statistics for the freshly seeded tables, as autovacuum would have gathered them on a
 * database in service: without them the planner guesses, and the service's prepared statements
 * keep a plan made on those guesses.
 */
async function analyze(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Peak resident memory so far (Linux: VmHWM) of the service, summed over its cluster workers, in MB. */
function peakRssMb(pid: number): number | null {
  let kb = 0;
  for (const each of serviceProcesses(pid)) {
    try {
      kb += Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${each}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended while we looked
    }
  }
  return kb ? Math.round(kb / 1024) : null;
}

async function startService(url: string, adminToken: string) {
  const port = await freePort();
  // Metrics on (a port of their own, free) unless METRICS_PORT=0 is given: the service as deployed.
  const metricsPort = process.env.METRICS_PORT ?? String(await freePort());
  const env = {
    ...process.env,
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    METRICS_PORT: metricsPort,
    WORKERS: process.env.BENCH_WORKERS ?? '1',
    ADMIN_TOKEN: adminToken,
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  // BENCH_NODE_ARGS: extra Node flags for the service, e.g. --cpu-prof to profile it under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // BENCH_SERVICE_DIST: another build of the service (e.g. an earlier commit's dist/), measured by this harness.
  const main = join(process.env.BENCH_SERVICE_DIST || join(ROOT, 'dist'), 'main.js');
  const child = spawn(process.execPath, [...nodeArgs, main], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    if (
      await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, baseUrl: `http://127.0.0.1:${port}` };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not become ready');
}

async function main() {
  const database = await createScratchDatabase('loyalpanther_bench', process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined);
  const adminToken = randomBytes(24).toString('hex');
  const databaseName = new URL(database.url).pathname.slice(1);
  const service = await startService(database.url, adminToken);
  try {
    console.log(`seeding ${CUSTOMERS} customers…`);
    const seeded = await seed(service.baseUrl, adminToken, CUSTOMERS);
    const histories = selected('activity') ? await seedActivity(service.baseUrl, seeded) : null;
    await analyze(database.url);
    console.log('measuring PostgreSQL alone (db-limit.sh)…');
    const limit = process.argv.includes('--no-db-limit') ? null : dbLimit(database.url);
    const results: any[] = [];
    const runId = randomBytes(4).toString('hex');
    const measure = async (scenario: Scenario) => {
      const load = {
        url: service.baseUrl,
        apiKey: scenario.token ?? seeded.apiKey,
        connections: scenario.connections ?? CONNECTIONS,
        requests: scenario.requests,
        codes: scenario.values ?? seeded.codes,
        runId: `${runId}-${results.length}`,
      };
      await GENERATOR.drive({ ...load, seconds: WARMUP, runId: `${load.runId}w` });
      const before = sampleCpu(service.child.pid!, databaseName);
      const result = await GENERATOR.drive({ ...load, seconds: SECONDS });
      const cpu = cpuShare(before, sampleCpu(service.child.pid!, databaseName), result.requests);
      const ceiling = limit && scenario.limit ? limit[scenario.limit] : 0;
      const ratio = ceiling > 0 ? Math.round((result.requests_per_second / ceiling) * 1000) / 1000 : null;
      results.push({ scenario: scenario.name, connections: load.connections, ...result, ratio_of_db_limit: ratio, compared_with: scenario.limit, cpu });
      console.log(
        `${scenario.name}: ${result.requests_per_second} req/s, p99 ${result.latency_ms.p99} ms, errors ${result.errors}; CPU µs/request: service ${cpu.service_us_per_request}, load generator ${cpu.load_generator_us_per_request}, PostgreSQL ${cpu.postgres_us_per_request}; machine busy ${cpu.machine_busy}`,
      );
    };
    for (const scenario of [...scenarios(seeded), ...(histories ? activityScenarios(histories) : [])].filter((s) => selected(s.name))) await measure(scenario);
    // Last, since its million customers would otherwise share the cache with the scenarios above.
    if (selected('search') && SEARCH_CUSTOMERS > 0) {
      console.log(`seeding ${SEARCH_CUSTOMERS} customers for search…`);
      const search = await seedSearch(database.url, SEARCH_CUSTOMERS);
      for (const scenario of searchScenarios(search, adminToken)) await measure(scenario);
    }
    // The service is idle now: the ledger verify benchmark gets its own organization in this database.
    let verify = null;
    if (VERIFY_EVENTS > 0) {
      console.log(`verify benchmark: ${VERIFY_EVENTS} events…`);
      verify = await runVerifyBench(database.url, VERIFY_EVENTS);
    }
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version },
      settings: {
        seconds: SECONDS,
        warmup_seconds: WARMUP,
        connections: CONNECTIONS,
        customers: CUSTOMERS,
        history_events: HISTORY_EVENTS,
        search_customers: SEARCH_CUSTOMERS,
        load_generator: GENERATOR.name,
        workers: Number(process.env.BENCH_WORKERS ?? 1),
        metrics: process.env.METRICS_PORT !== '0',
        smoke,
      },
      db_limit: limit,
      server_peak_rss_mb: peakRssMb(service.child.pid!),
      scenarios: results,
      verify,
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const file = join(ROOT, 'bench', 'results', smoke ? 'smoke.json' : 'latest.json');
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    printTable(report);
    console.log(`\nresults written to ${file}`);
    if (smoke) assertWorks(report);
  } finally {
    service.child.kill('SIGTERM');
    await new Promise((r) => service.child.once('exit', r));
    await database.drop();
  }
}

/** Customers with long histories and with short ones (10 purchases), in the seeded organization. */
async function seedActivity(baseUrl: string, seeded: Seeded): Promise<Histories> {
  console.log(`seeding ${HISTORY_CUSTOMERS} customers with ${HISTORY_EVENTS} purchases each, and as many with 10…`);
  const long = await seedHistories(baseUrl, seeded.apiKey, HISTORY_CUSTOMERS, HISTORY_EVENTS, 'long');
  const short = await seedHistories(baseUrl, seeded.apiKey, HISTORY_CUSTOMERS, 10, 'short');
  return { events: HISTORY_EVENTS, long, short };
}

/** The CI smoke asserts that the benchmark works and reports, never a speed. */
function assertWorks(report: any) {
  const broken = report.scenarios.filter((s: any) => s.requests === 0 || s.errors > 0);
  if (broken.length) throw new Error(`smoke: scenarios without requests or with errors: ${broken.map((s: any) => s.scenario).join(', ')}`);
  if (report.verify && !report.verify.ok) throw new Error('smoke: ledger verify did not agree on the generated ledger');
}

function printTable(report: any) {
  const rows = report.scenarios.map((s: any) => [
    s.scenario,
    s.requests_per_second,
    s.ratio_of_db_limit ?? '-',
    s.latency_ms.p50,
    s.latency_ms.p95,
    s.latency_ms.p99,
    s.errors,
  ]);
  console.log('\n| scenario | req/s | ratio of db limit | p50 ms | p95 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(
    `\nPostgreSQL alone: ${JSON.stringify(report.db_limit)}; server peak RSS ${report.server_peak_rss_mb} MB; load generator ${report.settings.load_generator}`,
  );
  if (report.verify) {
    const v = report.verify;
    console.log(
      `ledger verify: ${v.events} events, ${v.events_per_second} events/s, peak RSS ${v.peak_rss_mb} MB (PostgreSQL scan: ${v.pg_scan_events_per_second} events/s)`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
