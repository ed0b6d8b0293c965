import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSuccess, LoadOptions, LoadResult, toMs } from './load-result';
import { luaString } from './lua-literal';
import { splitTemplate } from './request-template';

/** The Lua side, read from the source tree (tsc does not copy it next to this file's build). */
const SCRIPT = join(__dirname, '..', '..', '..', 'bench', 'load', 'wrk-scenario.lua');

/** Whether wrk is on the PATH (Debian and Ubuntu: `apt-get install wrk`; macOS: `brew install wrk`). */
export function wrkInstalled(): boolean {
  return !spawnSync('wrk', ['-v']).error;
}

/**
 * Drives the service with wrk, a load generator written in C, as its own process: it costs the two
 * shared cores a fraction of what autocannon costs per request (docs/performance.md), which leaves
 * the machine to the service and PostgreSQL, as pgbench does on its side of the comparison. One wrk
 * thread is enough for the few connections the benchmark opens.
 */
export async function driveWithWrk(options: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'loyalpanther-wrk-'));
  try {
    const dataFile = join(dir, 'scenario.lua');
    writeFileSync(dataFile, luaData(options));
    const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '10s', '-s', SCRIPT, options.url, '--', dataFile];
    return toLoadResult(parseReport(await run('wrk', args)), options.seconds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface WrkReport {
  requests: number;
  duration_us: number;
  p50_us: number;
  p95_us: number;
  p99_us: number;
  max_us: number;
  socket_errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

function toLoadResult(r: WrkReport, seconds: number): LoadResult {
  const failed = Object.entries(r.statuses)
    .filter(([code]) => !isSuccess(Number(code)))
    .reduce((n, [, count]) => n + count, 0);
  return {
    requests: r.requests,
    requests_per_second: Math.round(r.requests / (r.duration_us / 1e6 || seconds)),
    latency_ms: { p50: toMs(r.p50_us), p95: toMs(r.p95_us), p99: toMs(r.p99_us), max: toMs(r.max_us) },
    errors: failed + r.socket_errors + r.timeouts,
    status_codes: r.statuses,
  };
}

function parseReport(stdout: string): WrkReport {
  const line = stdout.split('\n').find((l) => l.startsWith('{"wrk_result"'));
  if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
  return JSON.parse(line).wrk_result;
}

/** The scenario's data as a Lua chunk that returns one table. */
function luaData(options: LoadOptions): string {
  const templates = options.requests.map((t) => {
    const body = t.body === undefined ? '' : `, body = ${luaList(splitTemplate(t.body))}`;
    return `{ weight = ${Number(t.weight)}, method = ${luaString(t.method)}, path = ${luaList(splitTemplate(t.path))}${body} }`;
  });
  return `return {
  key = ${luaString(options.apiKey)},
  run = ${luaString(options.runId)},
  codes = ${luaList(options.codes)},
  templates = { ${templates.join(', ')} },
}
`;
}

const luaList = (items: readonly string[]) => `{ ${items.map(luaString).join(', ')} }`;

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited with ${code}: ${stderr || stdout}`))));
  });
}
