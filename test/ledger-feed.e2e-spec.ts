import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { eventHash } from '../src/event-store/event-hash';
import { EventStore } from '../src/event-store/event-store';
import { NewEvent, NO_STREAM } from '../src/event-store/event.types';
import { sequenceAll, sequenceStep } from '../src/modules/ledger/feed/ledger-sequencer';
import { admin, createOrganization, pos, TestOrganization } from './support/fixtures';
import { startTestApp, testDatabaseUrl, TestApp } from './support/test-app';

/**
 * A feed read does not wait for a sequencer running in another request (it serves what is already
 * sequenced), so a test that needs the very latest events reads again until they are there.
 */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('GET /api/admin/v1/organizations/:org/ledger', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const ledger = (org: string, query = '') => admin(t).get(`/organizations/${org}/ledger${query}`);
  const byCode = (value: string) => ({ type: 'loyalty_code', value });
  const countEvents = async (org: string) => Number((await t.database.query('SELECT count(*) FROM events WHERE organization_id = $1', [org])).rows[0].count);

  /** Pages from `after` until an empty page, as a client polling the feed would. */
  async function readAll(org: string, limit: number, after = 0) {
    const events: any[] = [];
    for (let next = after; ;) {
      const res = await ledger(org, `?after=${next}&limit=${limit}`).expect(200);
      expect(res.body.events.length).toBeLessThanOrEqual(limit);
      events.push(...res.body.events);
      expect(res.body.next_after).toBe(res.body.events.length ? res.body.events[res.body.events.length - 1].position : next);
      next = res.body.next_after;
      if (!res.body.events.length) return { events, next };
    }
  }

  async function customerWithHistory(org: TestOrganization) {
    const code = (
      await pos(t, org.key)
        .post('/customers', { name: 'Sophie', email: `s-${randomUUID()}@example.com` })
        .expect(201)
    ).body.customer.loyalty_code;
    await pos(t, org.key)
      .post('/transactions', { identifier: byCode(code), amount_cents: 12_345, external_ref: 'till-1-0001' })
      .expect(201);
    const reward = (await admin(t).post(`/organizations/${org.id}/rewards`, { name: 'Free coffee', points_cost: 50 }).expect(201)).body.reward;
    await pos(t, org.key)
      .post('/redemptions', { identifier: byCode(code), reward_id: reward.id })
      .expect(201);
    return code;
  }

  describe('access and validation', () => {
    it('answers 401 without the admin token, or with a wrong one', async () => {
      const org = await createOrganization(t);
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${org.key}`]) {
        const req = request(t.server).get(`/api/admin/v1/organizations/${org.id}/ledger`);
        const res = await (authorization ? req.set('authorization', authorization) : req).expect(401);
        expect(res.body.error.code).toBe('unauthorized');
      }
    });

    it('answers 404 not_found for an unknown organization, and for an id that is not one', async () => {
      expect((await ledger(randomUUID()).expect(404)).body.error.code).toBe('not_found');
      expect((await ledger('acme').expect(404)).body.error.code).toBe('not_found');
    });

    it.each(['?limit=0', '?limit=1001', '?limit=ten', '?limit=2.5', '?after=-1', '?after=abc', '?limit=1&limit=2'])(
      'answers 400 invalid_request for %s',
      async (query) => {
        const org = await createOrganization(t);
        const res = await ledger(org.id, query).expect(400);
        expect(res.body.error.code).toBe('invalid_request');
        expect(res.body.error.details[0].field).toMatch(/^(limit|after)$/);
      },
    );

    it('accepts limit 1 and 1000, and answers an organization without events with an empty page', async () => {
      const org = await createOrganization(t);
      expect((await ledger(org.id, '?limit=1').expect(200)).body).toEqual({ events: [], next_after: 0 });
      expect((await ledger(org.id, '?limit=1000&after=7').expect(200)).body).toEqual({ events: [], next_after: 7 });
    });
  });

  describe('content', () => {
    it("lists a customer's events in order, numbered from 1, with their data and hash chain", async () => {
      const org = await createOrganization(t);
      const code = await customerWithHistory(org);
      const { body } = await eventually(
        () => ledger(org.id).expect(200),
        (res) => res.body.events.length === 3,
      );
      expect(body.next_after).toBe(3);
      expect(body.events.map((e: any) => [e.position, e.type, e.customer])).toEqual([
        [1, 'customer.registered', code],
        [2, 'points.awarded', code],
        [3, 'reward.redeemed', code],
      ]);
      const [registered, awarded, redeemed] = body.events;
      expect(awarded.data).toMatchObject({ source: 'transaction', amount_cents: 12_345, points: 123, external_ref: 'till-1-0001', balance_after: 123 });
      expect(redeemed.data).toMatchObject({ reward_name: 'Free coffee', points_cost: 50, balance_after: 73 });
      expect(registered.prev_hash).toBeNull();
      expect(awarded.prev_hash).toBe(registered.hash);
      expect(redeemed.prev_hash).toBe(awarded.hash);
      for (const e of body.events) {
        expect(e.occurred_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(e.recorded_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(e).toMatchObject({ organization_id: org.id, schema_version: 1, stream_version: e.position });
        // Each entry carries every input of its hash: an auditor can recompute it from the feed alone.
        const fields = {
          organizationId: e.organization_id,
          streamId: e.stream_id,
          streamVersion: e.stream_version,
          eventId: e.event_id,
          type: e.type,
          schemaVersion: e.schema_version,
          occurredAt: new Date(e.occurred_at),
          data: e.data,
          metadata: e.metadata,
        };
        expect(eventHash(fields, e.prev_hash)).toBe(e.hash);
      }
    });

    it("shows only the organization's own events", async () => {
      const org = await createOrganization(t);
      const other = await createOrganization(t);
      await customerWithHistory(other);
      const mine = await customerWithHistory(org);
      const { body } = await eventually(
        () => ledger(org.id).expect(200),
        (res) => res.body.events.length === 3,
      );
      expect(body.events.map((e: any) => e.customer)).toEqual([mine, mine, mine]);
    });
  });

  describe('paging', () => {
    it('covers every event exactly once, in gap-free positions, while writers keep appending', async () => {
      const org = await createOrganization(t);
      const codes = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          pos(t, org.key)
            .post('/customers', { name: `C${i}` })
            .expect(201)
            .then((r) => r.body.customer.loyalty_code as string),
        ),
      );
      const award = (code: string, i: number) =>
        pos(t, org.key)
          .post('/transactions', { identifier: byCode(code), amount_cents: 100 * (i + 1) })
          .expect(201);
      const writers = Promise.all(Array.from({ length: 40 }, (_, i) => award(codes[i % codes.length], i)));

      // Read while the writers run, then on until every event is there.
      const seen: any[] = [];
      let next = 0;
      let writing = true;
      void writers.then(() => (writing = false));
      const expected = 6 + 40;
      const deadline = Date.now() + 20_000;
      while ((writing || seen.length < expected) && Date.now() < deadline) {
        const page = await readAll(org.id, 3, next);
        seen.push(...page.events);
        next = page.next;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await writers;

      expect(seen.map((e) => e.position)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
      const { rows } = await t.database.query('SELECT event_id FROM events WHERE organization_id = $1', [org.id]);
      expect(new Set(seen.map((e) => e.event_id))).toEqual(new Set(rows.map((r) => r.event_id)));
      // Each customer's events appear in their stream order.
      for (const code of codes) {
        const versions = seen.filter((e) => e.customer === code).map((e) => e.stream_version);
        expect(versions).toEqual(versions.map((_, i) => i + 1));
      }
      // Paging again from 0 gives the same ledger: positions never move.
      expect((await readAll(org.id, 1000)).events).toEqual(seen);
    });

    it('lists an event that commits late, with a lower event position, once it commits: never skipped, never twice', async () => {
      const org = await createOrganization(t);
      const store = new EventStore();
      const stream = () => ({ organizationId: org.id, streamId: randomUUID(), streamType: 'customer' });
      const awarded = (points: number): NewEvent => ({ type: 'points.awarded', data: { points } });
      await t.database.transaction((tx) => store.append(tx, stream(), NO_STREAM, [awarded(1)]));

      // A writer appends (taking a lower event position) and holds its transaction open...
      const slow = new Client({ connectionString: testDatabaseUrl() });
      await slow.connect();
      try {
        await slow.query('BEGIN');
        const [late] = await store.append(slow as any, stream(), NO_STREAM, [awarded(2)]);
        // ...while others append after it and commit.
        const [third] = await t.database.transaction((tx) => store.append(tx, stream(), NO_STREAM, [awarded(3)]));
        await t.database.transaction((tx) => store.append(tx, stream(), NO_STREAM, [awarded(4)]));
        expect(late.position).toBeLessThan(third.position);

        // The reader sees what has committed, and not the open transaction's event.
        const before = await eventually(
          () => readAll(org.id, 2),
          (all) => all.events.length === 3,
        );
        expect(before.events.map((e) => [e.position, e.data.points])).toEqual([
          [1, 1],
          [2, 3],
          [3, 4],
        ]);
        expect((await readAll(org.id, 2, before.next)).events).toEqual([]);

        await slow.query('COMMIT');
        // Reading on from where it stopped, the reader gets the late event next.
        const after = await eventually(
          () => readAll(org.id, 2, before.next),
          (page) => page.events.length === 1,
        );
        expect(after.events.map((e) => [e.position, e.data.points, e.event_id])).toEqual([[4, 2, late.eventId]]);
      } finally {
        await slow.end();
      }
      // Paging from the start lists each event exactly once, in gap-free positions.
      const all = await readAll(org.id, 1);
      expect(all.events.map((e) => [e.position, e.data.points])).toEqual([
        [1, 1],
        [2, 3],
        [3, 4],
        [4, 2],
      ]);
      expect(all.events.every((e) => e.customer === null)).toBe(true);
      expect(await countEvents(org.id)).toBe(4);
    });
  });

  describe('the sequencer', () => {
    const store = new EventStore();
    const appendTo = (organizationId: string, count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          t.database.transaction((tx) =>
            store.append(tx, { organizationId, streamId: randomUUID(), streamType: 'customer' }, NO_STREAM, [
              { type: 'points.awarded', data: { points: i + 1 } },
            ]),
          ),
        ),
      );
    const positionsOf = async (organizationId: string) =>
      (
        await t.database.query('SELECT ledger_position, event_position FROM ledger_positions WHERE organization_id = $1 ORDER BY ledger_position', [
          organizationId,
        ])
      ).rows.map((r) => [Number(r.ledger_position), Number(r.event_position)]);

    it('numbers each organization 1..n in event order, also one event per step', async () => {
      const org = randomUUID();
      const stored = (await appendTo(org, 5)).flat().sort((a, b) => a.position - b.position);
      expect(await sequenceAll(t.database, { wait: true, batchSize: 1 })).toBe('caught_up');
      expect(await positionsOf(org)).toEqual(stored.map((e, i) => [i + 1, e.position]));
    });

    it('gives up at once while another sequencer holds the lock; the feed then serves what is sequenced', async () => {
      const org = await createOrganization(t);
      await appendTo(org.id, 1);
      await sequenceAll(t.database, { wait: true });
      const other = new Client({ connectionString: testDatabaseUrl() });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT pg_advisory_xact_lock(7355608143)');
        await appendTo(org.id, 1);
        expect(await sequenceStep(t.database)).toBe('busy');
        expect((await ledger(org.id).expect(200)).body.events).toHaveLength(1);
      } finally {
        await other.query('ROLLBACK');
        await other.end();
      }
      expect((await ledger(org.id).expect(200)).body.events).toHaveLength(2);
    });

    it('never changes a position once given: the database refuses it', async () => {
      const org = randomUUID();
      await appendTo(org, 1);
      await sequenceAll(t.database, { wait: true });
      await expect(t.database.query('UPDATE ledger_positions SET ledger_position = 99 WHERE organization_id = $1', [org])).rejects.toThrow(/append-only/);
      await expect(t.database.query('DELETE FROM ledger_positions WHERE organization_id = $1', [org])).rejects.toThrow(/append-only/);
      expect(await positionsOf(org)).toHaveLength(1);
    });
  });
});
