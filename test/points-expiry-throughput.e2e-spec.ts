import { ExpirePointsJob } from '../src/modules/points/expire-points/expire-points.job';
import { createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A measurement, not a check (docs/performance.md, "Points expiry"): run with EXPIRY_BENCH=1.
 * Lots expired per second by the job alone, and awards per second over HTTP while it does not run
 * and while it runs (in the same process, as in the service).
 */
const bench = process.env.EXPIRY_BENCH === '1' ? describe : describe.skip;
const CUSTOMERS = Number(process.env.EXPIRY_BENCH_CUSTOMERS ?? 1000);
const LOTS_PER_CUSTOMER = 5;
const IN_FLIGHT = 16;
const DAY = 86_400_000;

bench('points expiry throughput', () => {
  let t: TestApp;
  let org: TestOrganization;
  const codes: string[] = [];
  let refs = 0;
  beforeAll(async () => {
    t = await startTestApp({ env: { EXPIRY_INTERVAL_S: '0', RATE_LIMIT_PER_MINUTE: '1000000' } });
    org = await createOrganization(t, { timezone: 'Europe/Paris', points_expire_after_days: 1 });
    await inParallel(CUSTOMERS, async (i) => {
      codes[i] = (await pos(t, org.key).post('/customers', { name: 'Bench' }).expect(201)).body.customer.loyalty_code;
    });
  }, 600_000);
  afterAll(() => t.close());

  const award = (i: number, occurredAt?: Date) =>
    pos(t, org.key)
      .post('/transactions', {
        identifier: { type: 'loyalty_code', value: codes[i % CUSTOMERS] },
        amount_cents: 1_000,
        external_ref: `b-${++refs}`,
        ...(occurredAt && { occurred_at: occurredAt.toISOString() }),
      })
      .expect(201);
  const seedExpiredLots = () => inParallel(CUSTOMERS * LOTS_PER_CUSTOMER, (i) => award(i, new Date(Date.now() - 29 * DAY + i)));

  /** Awards per second for `seconds`, IN_FLIGHT at a time, until `stop` (if given) resolves or the time is up. */
  async function awardsPerSecond(seconds: number, stop?: Promise<unknown>): Promise<number> {
    let done = 0;
    let over = false;
    const started = Date.now();
    const deadline = started + seconds * 1000;
    void stop?.then(() => (over = true));
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (!over && Date.now() < deadline) {
          await award(done);
          done++;
        }
      }),
    );
    return done / ((Date.now() - started) / 1000);
  }

  it('measures', async () => {
    const job = t.app.get(ExpirePointsJob);
    const idle = await awardsPerSecond(10);

    await seedExpiredLots();
    let started = Date.now();
    const alone = await job.runOnce();
    const aloneSeconds = (Date.now() - started) / 1000;

    await seedExpiredLots();
    started = Date.now();
    const running = job.runOnce();
    const during = await awardsPerSecond(60, running);
    const beside = await running;
    const besideSeconds = (Date.now() - started) / 1000;

    const figures = {
      customers: CUSTOMERS,
      job_alone: { lots: alone.lots, seconds: aloneSeconds, lots_per_second: Math.round(alone.lots / aloneSeconds) },
      job_beside_awards: { lots: beside.lots, seconds: besideSeconds, lots_per_second: Math.round(beside.lots / besideSeconds) },
      awards_per_second_without_job: Math.round(idle),
      awards_per_second_while_job_runs: Math.round(during),
    };
    process.stdout.write(`EXPIRY BENCH ${JSON.stringify(figures)}\n`);
    expect(alone.lots).toBe(CUSTOMERS * LOTS_PER_CUSTOMER);
    expect(beside.lots).toBe(CUSTOMERS * LOTS_PER_CUSTOMER);
  }, 900_000);
});

async function inParallel(count: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await work(next++);
    }),
  );
}
