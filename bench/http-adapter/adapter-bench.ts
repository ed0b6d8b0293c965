/**
 * Express vs Fastify adapter benchmark for a tiny NestJS 12 loyalty-points API.
 *
 *   node adapter-bench.js                     run the whole benchmark (prints a Markdown table)
 *   ADAPTER=fastify node adapter-bench.js --serve   only start the app (ADAPTER=express|fastify)
 *
 * Each measurement: fresh server process (NODE_ENV=production, no request logging),
 * autocannon CLI in its own process: 3 s warm-up, then 10 s with 50 connections, pipelining 1.
 * Adapters are alternated (order flipped every round) and never run at the same time.
 * Env knobs: ROUNDS (2), DURATION (10), WARMUP (3), CONNECTIONS (50), PORT (3999).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Body, Controller, Get, HttpCode, Module, Param, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

// ---------------------------------------------------------------- the app under test
class IdentifierDto {
  @IsIn(['loyalty_code', 'phone', 'email']) type!: string;
  @IsString() @IsNotEmpty() @MaxLength(64) value!: string;
}

class CreateTransactionDto {
  @ValidateNested() @Type(() => IdentifierDto) identifier!: IdentifierDto;
  @IsInt() @Min(1) amount_cents!: number;
  @IsString() @Matches(/^[\w.-]{1,64}$/) external_ref!: string;
}

@Controller('api/v1')
class LoyaltyController {
  private seq = 0;

  @Get('customers/:code')
  customer(@Param('code') code: string) {
    return { code, name: 'Ada Lovelace', tier: 'gold', points_balance: 1250 };
  }

  @Post('transactions')
  @HttpCode(201)
  transaction(@Body() dto: CreateTransactionDto) {
    const points = Math.floor(dto.amount_cents / 100);
    return { id: ++this.seq, customer: dto.identifier.value, external_ref: dto.external_ref, points_earned: points };
  }
}

@Module({ controllers: [LoyaltyController] })
class AppModule {}

async function serve(adapter: string, port: number): Promise<void> {
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(AppModule, new (await import('@nestjs/platform-fastify')).FastifyAdapter({ logger: false }), { logger: ['error'] })
      : await NestFactory.create(AppModule, new (await import('@nestjs/platform-express')).ExpressAdapter(), { logger: ['error'] });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  await app.listen(port, '127.0.0.1');
  process.send?.('ready');
}

// ---------------------------------------------------------------- the load runner
const PORT = Number(process.env.PORT ?? 3999);
const BASE = `http://127.0.0.1:${PORT}`;
const BODY = JSON.stringify({ identifier: { type: 'loyalty_code', value: 'F55EA00D' }, amount_cents: 2500, external_ref: 'order-1' });
const ENDPOINTS = [
  { name: 'GET /api/v1/customers/:code', args: [`${BASE}/api/v1/customers/F55EA00D`] },
  { name: 'POST /api/v1/transactions', args: ['-m', 'POST', '-H', 'content-type=application/json', '-b', BODY, `${BASE}/api/v1/transactions`] },
];
/** The fields we read from `autocannon --json`. */
interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface Row {
  endpoint: string;
  adapter: string;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function startServer(adapter: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [__filename, '--serve'], {
    env: { ...process.env, ADAPTER: adapter, NODE_ENV: 'production', PORT: String(PORT) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${adapter} server exited early (${code})`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function autocannon(args: string[], seconds: number): Promise<CannonResult> {
  const cli = require.resolve('autocannon/autocannon.js');
  const conns = process.env.CONNECTIONS ?? '50';
  const child = spawn(process.execPath, [cli, '-j', '-n', '-c', conns, '-p', '1', '-d', String(seconds), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exit ${code}`)))));
}

/** Checks the app really answers as specified before loading it. */
async function smokeTest(adapter: string): Promise<void> {
  const get = await fetch(`${BASE}/api/v1/customers/F55EA00D`);
  const post = (body: string) => fetch(`${BASE}/api/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const ok = await post(BODY);
  const bad = await post(JSON.stringify({ identifier: { type: 'nope', value: '' }, amount_cents: 'x', external_ref: 'order-1' }));
  const okJson = (await ok.json()) as Record<string, unknown>;
  if (get.status !== 200 || ok.status !== 201 || bad.status !== 400 || okJson.points_earned !== 25) {
    throw new Error(`${adapter} smoke test failed: GET ${get.status}, POST ${ok.status}, invalid POST ${bad.status}`);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function bench(): Promise<void> {
  const rounds = Number(process.env.ROUNDS ?? 2);
  const duration = Number(process.env.DURATION ?? 10);
  const warmup = Number(process.env.WARMUP ?? 3);
  const rows: Row[] = [];
  for (const adapter of ['express', 'fastify']) {
    const s = await startServer(adapter);
    await smokeTest(adapter).finally(() => stopServer(s));
  }

  for (let round = 1; round <= rounds; round++) {
    for (const ep of ENDPOINTS) {
      const order = round % 2 ? ['express', 'fastify'] : ['fastify', 'express'];
      for (const adapter of order) {
        const server = await startServer(adapter);
        try {
          await autocannon(ep.args, warmup);
          const r = await autocannon(ep.args, duration);
          const row: Row = {
            endpoint: ep.name,
            adapter,
            round,
            rps: r.requests.average,
            p50: r.latency.p50,
            p99: r.latency.p99,
            errors: r.errors + r.timeouts,
            non2xx: r.non2xx,
          };
          rows.push(row);
          console.error(
            `round ${round} ${adapter.padEnd(7)} ${ep.name.padEnd(28)} ${row.rps.toFixed(0)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  errors ${row.errors}  non-2xx ${row.non2xx}`,
          );
        } finally {
          await stopServer(server);
        }
      }
    }
  }

  console.log('\n| Endpoint | Adapter | Run | req/s | p50 (ms) | p99 (ms) | errors | non-2xx |\n|---|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.endpoint} | ${r.adapter} | ${r.round} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
  console.log('\n| Endpoint | Express req/s (mean) | Fastify req/s (mean) | Fastify / Express | p99 ms (median) E / F |\n|---|---:|---:|---:|---:|');
  for (const ep of ENDPOINTS) {
    const pick = (a: string) => rows.filter((r) => r.endpoint === ep.name && r.adapter === a);
    const [e, f] = [pick('express'), pick('fastify')];
    const [er, fr] = [mean(e.map((r) => r.rps)), mean(f.map((r) => r.rps))];
    console.log(
      `| ${ep.name} | ${er.toFixed(0)} | ${fr.toFixed(0)} | ${(fr / er).toFixed(1)}x | ${median(e.map((r) => r.p99))} / ${median(f.map((r) => r.p99))} |`,
    );
  }
}

if (process.argv.includes('--serve')) {
  serve(process.env.ADAPTER ?? 'express', PORT).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  console.error(`Node ${process.version}, ${availableParallelism()} cores`);
  bench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
