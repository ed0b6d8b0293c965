import { randomInt } from 'node:crypto';
import { Acknowledgement, AwardLoad, awardBody, expectRecordedExactlyOnce, plannedAwards, recordedAwards } from '../support/award-load';
import { expectLedgerSound } from '../support/conservation';
import { call, HttpOutcome, sleep } from '../support/http-client';
import { openDatabase, seedOrganization, startService } from '../support/live-service';
import { ServiceProcess } from '../support/service-process';
import { freePort } from '../support/test-database';

/** What became of one request: answered (2xx, or 503 while draining), never accepted, or broken. */
function fate(o: HttpOutcome): 'acknowledged' | 'unavailable' | 'not accepted' | 'broken' {
  if (o.kind === 'answer') {
    if (o.status < 300) return 'acknowledged';
    return o.status === 503 && o.body?.error?.code === 'unavailable' ? 'unavailable' : 'broken';
  }
  // Refused, or reset before a single byte of an answer: the server never took the request in
  // (the records below check that). A timeout or an answer cut off mid-way is never acceptable.
  return !o.responseStarted && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(o.error) ? 'not accepted' : 'broken';
}

describe('graceful shutdown under a load of awards', () => {
  const services: ServiceProcess[] = [];
  afterAll(async () => {
    for (const s of services) await s.kill('SIGKILL');
  });

  it('answers every request it accepted completely on SIGTERM, records none it did not answer, and exits 0', async () => {
    const port = await freePort();
    const start = async () => {
      const s = startService(port);
      services.push(s);
      await s.listening();
      return s;
    };
    const service = await start();
    const org = await seedOrganization(port, 20);
    const awards = plannedAwards(`sigterm-${Date.now()}`, org.codes, 2000);

    // One attempt per ref, so each request's fate is its own. Once the server refuses connections
    // there is nothing more to learn: the tills stop sending new requests.
    const load: AwardLoad = new AwardLoad({
      port,
      key: org.key,
      awards,
      concurrency: 8,
      retry: false,
      deadlineMs: 30_000,
      onOutcome: (_, o) => o.kind === 'failure' && o.error === 'ECONNREFUSED' && load.stop(),
    });
    const running = load.run();
    while (load.acknowledged.size < 100) await sleep(2);
    await sleep(randomInt(0, 8));
    const exitCode = await service.kill('SIGTERM');
    load.stop();
    await running;
    expect({ exitCode, log: service.text.slice(-2000) }).toEqual({ exitCode: 0, log: expect.stringMatching(/shutdown complete/) });

    const sent = awards.filter((a) => load.outcomes.has(a.ref));
    const fates = new Map(sent.map((a) => [a.ref, fate(load.outcomes.get(a.ref)![0])]));
    const count = (f: string) => [...fates.values()].filter((x) => x === f).length;
    const story = {
      sent: sent.length,
      acknowledged: count('acknowledged'),
      unavailable: count('unavailable'),
      notAccepted: count('not accepted'),
      outcomes: load.tally(),
    };
    const broken = sent.filter((a) => fates.get(a.ref) === 'broken').map((a) => ({ ref: a.ref, outcome: load.outcomes.get(a.ref)![0] }));
    expect({ ...story, broken }).toEqual({ ...story, broken: [] });

    const db = await openDatabase();
    try {
      // Every award recorded was answered 2xx, and every 2xx was recorded: none was lost mid-way.
      const recorded = await recordedAwards(db.database, org.id);
      expect([...recorded.keys()].filter((ref) => fates.get(ref) !== 'acknowledged')).toEqual([]);
      expect(sent.filter((a) => fates.get(a.ref) === 'acknowledged' && !recorded.has(a.ref)).map((a) => a.ref)).toEqual([]);

      // Back up, the tills retry what was not acknowledged: recorded now, for the first time
      // (201, not a duplicate); what was acknowledged is a duplicate with the original points.
      await start();
      const acknowledged = new Map<string, Acknowledgement>(load.acknowledged);
      for (const a of sent) {
        const retry = await call(port, { method: 'POST', path: '/api/v1/transactions', headers: { authorization: `Bearer ${org.key}` }, body: awardBody(a) });
        if (retry.kind !== 'answer') throw new Error(`${a.ref}: ${retry.error}`);
        const first = load.acknowledged.get(a.ref);
        expect({ ref: a.ref, status: retry.status, duplicate: retry.body.duplicate, points: retry.body.points_added }).toEqual({
          ref: a.ref,
          status: first ? 200 : 201,
          duplicate: !!first,
          points: first ? first.pointsAdded : expect.any(Number),
        });
        if (!first) acknowledged.set(a.ref, { status: retry.status, pointsAdded: retry.body.points_added, duplicate: false, attempts: 2 });
      }
      await expectRecordedExactlyOnce(db.database, org.id, org.codes, sent, acknowledged);
      await expectLedgerSound(db.database, org.id);
    } finally {
      await db.close();
    }
  }, 60_000);
});
