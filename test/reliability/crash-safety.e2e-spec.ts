import { randomInt } from 'node:crypto';
import { AwardLoad, awardBody, expectRecordedExactlyOnce, plannedAwards } from '../support/award-load';
import { expectLedgerSound } from '../support/conservation';
import { call, sleep } from '../support/http-client';
import { openDatabase, seedOrganization, startService } from '../support/live-service';
import { ServiceProcess } from '../support/service-process';
import { freePort } from '../support/test-database';

const AWARDS = 300;
const TILLS = 8;
const CUSTOMERS = 20;

/** Waits until `ready()` or the load is over, polling often enough to land inside requests. */
async function until(ready: () => boolean, over: () => boolean): Promise<void> {
  while (!ready() && !over()) await sleep(2);
}

describe('crash safety: kill -9 while tills are awarding points', () => {
  const services: ServiceProcess[] = [];
  afterAll(async () => {
    for (const s of services) await s.kill('SIGKILL');
  });

  it('records every external_ref exactly once and every balance equals the receipts, through three kill -9s and restarts', async () => {
    const port = await freePort();
    const start = async () => {
      const service = startService(port);
      services.push(service);
      await service.listening();
      return service;
    };
    let service = await start();
    const org = await seedOrganization(port, CUSTOMERS);
    const awards = plannedAwards(`crash-${Date.now()}`, org.codes, AWARDS);

    // Tills retry every ref until they get a 2xx, through refused connections, resets and 5xx.
    const load = new AwardLoad({ port, key: org.key, awards, concurrency: TILLS, retry: true, deadlineMs: 60_000 });
    let over = false;
    const running = load.run().finally(() => (over = true));

    // Kill at random points of progress, a few ms after an answer, so requests are caught at every stage.
    const killAt = [randomInt(30, 90), randomInt(120, 180), randomInt(210, 270)];
    const kills: Array<{ at: number; acknowledged: number }> = [];
    for (const at of killAt) {
      await until(
        () => load.acknowledged.size >= at,
        () => over,
      );
      if (over) break;
      await sleep(randomInt(0, 8));
      kills.push({ at, acknowledged: load.acknowledged.size });
      await service.kill('SIGKILL');
      service = await start();
    }
    await running;

    const story = { killAt, kills, outcomes: load.tally() };
    expect({ ...story, unacknowledged: load.unacknowledged(), rejected: load.rejected }).toEqual({ ...story, unacknowledged: [], rejected: [] });
    expect(kills).toHaveLength(3);
    // The kills did land while requests were in flight.
    expect((story.outcomes.ECONNRESET ?? 0) + (story.outcomes.ECONNREFUSED ?? 0)).toBeGreaterThan(0);

    const db = await openDatabase();
    try {
      await expectRecordedExactlyOnce(db.database, org.id, org.codes, awards, load.acknowledged);

      // A till retrying a ref now is told it is a duplicate, with the points of the original award:
      // every ref that needed retries (some were recorded before a crash swallowed the answer), and a sample of the rest.
      for (const a of awards.filter((a, i) => load.acknowledged.get(a.ref)!.attempts > 1 || i % 10 === 0)) {
        const retry = await call(port, { method: 'POST', path: '/api/v1/transactions', headers: { authorization: `Bearer ${org.key}` }, body: awardBody(a) });
        expect(retry.kind === 'answer' && [retry.status, retry.body.duplicate, retry.body.points_added]).toEqual([
          200,
          true,
          load.acknowledged.get(a.ref)!.pointsAdded,
        ]);
      }

      await expectLedgerSound(db.database, org.id);
    } finally {
      await db.close();
    }
  }, 90_000);
});
