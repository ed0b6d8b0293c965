import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ERROR_STATUS, ErrorCode } from '../common/errors/error-codes';

/** Request latency in seconds, 1 ms to 2.5 s: a till's call takes a few ms; past a second or two it is a failure to the cashier. */
export const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Time spent getting a pooled connection: nothing at all when one is idle, up to DB_CONNECTION_TIMEOUT_MS when the pool is dry. */
export const POOL_WAIT_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Which limit refused a request: a verified API key over RATE_LIMIT_PER_MINUTE, or an address over its failed authentications. */
export type RateLimitScope = 'api_key' | 'address';
const RATE_LIMIT_SCOPES: RateLimitScope[] = ['api_key', 'address'];

/**
 * Every metric the service reports, in one registry of its own (never prom-client's global one,
 * so that several apps in one test process do not collide). Label values only ever come from
 * closed sets: route templates, HTTP methods and statuses, error codes, command names, pool and
 * limit names. Never a customer, an email, a loyalty code, a key or a raw URL.
 *
 * Measured only when `enabled` (METRICS_PORT not 0): otherwise nothing is hooked in, and the few
 * counters incremented directly (rate-limit refusals) count into a registry nobody reads.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'loyalpanther_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'loyalpanther_http_request_duration_seconds',
    help: 'Time from the request arriving to its answer being sent, by route template and method.',
    labelNames: ['route', 'method'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly httpErrors = new Counter<'code'>({
    name: 'loyalpanther_http_errors_total',
    help: 'Error envelopes answered, by error code (the `code` clients see).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'loyalpanther_commands_total',
    help: 'Commands executed (award, redeem, register, …), by command and outcome: ok, or the error code answered.',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'loyalpanther_command_duration_seconds',
    help: 'Time a command took, whatever its outcome, by command.',
    labelNames: ['command'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly poolWait = new Histogram({
    name: 'loyalpanther_db_pool_wait_seconds',
    help: 'Time spent waiting for a database connection from the pool (including opening a new one).',
    buckets: POOL_WAIT_BUCKETS,
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'loyalpanther_rate_limit_refusals_total',
    help: 'Requests refused with 429 rate_limited, by the limit that refused them: api_key or address.',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  readonly expiryLastRun = new Gauge<'outcome'>({
    name: 'loyalpanther_expiry_last_run_timestamp_seconds',
    help: "When this instance's points expiry job last finished a run, by outcome (ok or failed); absent until its first run.",
    labelNames: ['outcome'] as const,
    aggregator: 'max',
    registers: [this.registry],
  });

  readonly expiredLots = new Counter({
    name: 'loyalpanther_expired_lots_total',
    help: "Lots this instance's expiry job expired (one points.expired each).",
    registers: [this.registry],
  });

  constructor(readonly enabled: boolean) {
    // Process metrics (CPU, memory, heap, event loop delay, GC): read at scrape time, except the
    // event-loop-delay histogram and the GC observer, which Node keeps up to date natively.
    if (enabled) collectDefaultMetrics({ register: this.registry });
    // Counters of closed sets start at 0, so the first error or refusal is an increase that
    // rate() and increase() see, not the first sample of a new series.
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) this.httpErrors.inc({ code }, 0);
    for (const limit of RATE_LIMIT_SCOPES) this.rateLimitRefusals.inc({ limit }, 0);
  }

  /** A run of the expiry job ended: when, how, and how many lots it expired. */
  expiryRan(outcome: 'ok' | 'failed', lots: number): void {
    this.expiryLastRun.set({ outcome }, Date.now() / 1000);
    this.expiredLots.inc(lots);
  }

  rateLimitRefused(limit: RateLimitScope): void {
    this.rateLimitRefusals.inc({ limit });
  }

  /** The exposition text of this process's registry. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
