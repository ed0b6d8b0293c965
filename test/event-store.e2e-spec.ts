import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { Client } from 'pg';
import { isConstraintViolation } from '../src/common/errors/database-errors';
import { createLogger } from '../src/common/logging/logger';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { DatabaseConnection } from '../src/database/database-connection';
import { eventHash } from '../src/event-store/event-hash';
import { EventStore } from '../src/event-store/event-store';
import { FEED_START, FeedCursor, NewEvent, NO_STREAM, StoredEvent, StreamRef } from '../src/event-store/event.types';
import { StreamVersionConflictError } from '../src/event-store/stream-version-conflict.error';
import { testDatabaseUrl } from './support/test-app';

const awarded = (points: number): NewEvent => ({ type: 'points.awarded', data: { points }, metadata: { request_id: 'test' } });

describe('EventStore against PostgreSQL', () => {
  let connection: DatabaseConnection;
  let db: Database;
  const store = new EventStore();
  const organizationId = randomUUID();
  const newStream = (): StreamRef => ({ organizationId, streamId: randomUUID(), streamType: 'customer' });

  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: testDatabaseUrl(), DB_POOL_SIZE: '30' });
    connection = await DatabaseConnection.open(config, createLogger('silent'), { migrate: false });
    db = connection.database;
  });
  afterAll(() => connection.close());

  it('appends to a new stream and reads it back in version order with a hash chain', async () => {
    const stream = newStream();
    const stored = await db.transaction((tx) => store.append(tx, stream, NO_STREAM, [awarded(10), awarded(5)]));
    expect(stored.map((e) => e.streamVersion)).toEqual([1, 2]);
    const more = await db.transaction(async (tx) => store.append(tx, stream, await store.readStreamHead(tx, organizationId, stream.streamId), [awarded(1)]));
    expect(more[0].streamVersion).toBe(3);

    const events = await store.readStream(db, organizationId, stream.streamId);
    expect(events.map((e) => [e.streamVersion, e.type, e.data])).toEqual([
      [1, 'points.awarded', { points: 10 }],
      [2, 'points.awarded', { points: 5 }],
      [3, 'points.awarded', { points: 1 }],
    ]);
    expect(events[0].prevHash).toBeNull();
    expect(events[1].prevHash).toBe(events[0].hash);
    expect(events[2].prevHash).toBe(events[1].hash);
    for (const e of events) expect(eventHash(e, e.prevHash)).toBe(e.hash);
    expect(events[0]).toMatchObject({ organizationId, schemaVersion: 1, metadata: { request_id: 'test' } });
    expect(events[0].occurredAt).toBeInstanceOf(Date);
    expect(events[0].recordedAt).toBeInstanceOf(Date);
    expect(await store.readStreamHead(db, organizationId, stream.streamId)).toEqual({ version: 3, lastHash: events[2].hash });
  });

  it('records the sale time given as occurredAt', async () => {
    const stream = newStream();
    const occurredAt = new Date('2026-11-20T18:30:00.000Z');
    await db.transaction((tx) => store.append(tx, stream, NO_STREAM, [{ ...awarded(1), occurredAt }]));
    const [event] = await store.readStream(db, organizationId, stream.streamId);
    expect(event.occurredAt.toISOString()).toBe('2026-11-20T18:30:00.000Z');
  });

  it('lets exactly one of two writers at the same expected version win; the other gets a conflict', async () => {
    const stream = newStream();
    await db.transaction((tx) => store.append(tx, stream, NO_STREAM, [awarded(1)]));
    const head = await store.readStreamHead(db, organizationId, stream.streamId);
    const results = await Promise.allSettled([
      db.transaction((tx) => store.append(tx, stream, head, [awarded(2)])),
      db.transaction((tx) => store.append(tx, stream, head, [awarded(3)])),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(StreamVersionConflictError);
    expect((await store.readStream(db, organizationId, stream.streamId)).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('lets exactly one of two writers create the same new stream', async () => {
    const stream = newStream();
    const results = await Promise.allSettled([
      db.transaction((tx) => store.append(tx, stream, NO_STREAM, [awarded(1)])),
      db.transaction((tx) => store.append(tx, stream, NO_STREAM, [awarded(2)])),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(StreamVersionConflictError) });
  });

  it('lands 20 concurrent appends with retries as versions 1..20 without gaps', async () => {
    const stream = newStream();
    const appendWithRetry = async (points: number) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        try {
          return await db.transaction(async (tx) =>
            store.append(tx, stream, await store.readStreamHead(tx, organizationId, stream.streamId), [awarded(points)]),
          );
        } catch (error) {
          if (!(error instanceof StreamVersionConflictError)) throw error;
        }
      }
      throw new Error('too many conflicts');
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendWithRetry(i + 1)));
    const events = await store.readStream(db, organizationId, stream.streamId);
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(events.map((e) => (e.data as any).points).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    events.slice(1).forEach((e, i) => expect(e.prevHash).toBe(events[i].hash));
  });

  describe('what is stored of data and metadata', () => {
    it('is the canonical text the hash was computed on, byte for byte', async () => {
      const stream = newStream();
      const data = { rules: [{ points: 2, name: 'Thé "x" \\ 😀' }], points: 12, balance_after: 12, tier: null, note: 'a\tb\u007f' };
      const [stored] = await db.transaction((tx) => store.append(tx, stream, NO_STREAM, [{ type: 'points.awarded', data, metadata: { request_id: 'r' } }]));
      const { rows } = await db.query('SELECT data::text AS data, metadata::text AS metadata, pg_typeof(data)::text AS type FROM events WHERE stream_id = $1', [
        stream.streamId,
      ]);
      expect(rows[0]).toEqual({ data: canonicalize(data), metadata: '{"request_id":"r"}', type: 'json' });
      expect(stored.hash).toBe(eventHash({ ...stored, data: JSON.parse(rows[0].data), metadata: JSON.parse(rows[0].metadata) }, null));
      // Readable as before, as json and as jsonb.
      expect(
        (await db.query(`SELECT data->>'points' AS points, (data::jsonb)->'rules'->0->>'name' AS name FROM events WHERE stream_id = $1`, [stream.streamId]))
          .rows[0],
      ).toEqual({
        points: '12',
        name: 'Thé "x" \\ 😀',
      });
    });

    it('refuses what jsonb could not hold, as the jsonb columns did (NUL, a lone surrogate): a client error, nothing written', async () => {
      for (const [text, code] of [
        ['a\u0000b', '22P05'],
        ['a\ud800b', '22P02'],
      ]) {
        const stream = newStream();
        const appended = db.transaction((tx) => store.append(tx, stream, NO_STREAM, [{ type: 'customer.registered', data: { name: text } }]));
        await expect(appended).rejects.toMatchObject({ code });
        await expect(appended.catch((error) => isConstraintViolation(error))).resolves.toBe(true);
        expect(await store.readStream(db, organizationId, stream.streamId)).toEqual([]);
      }
      const stream = newStream();
      const appended = db.transaction((tx) =>
        store.append(tx, stream, NO_STREAM, [{ type: 'customer.registered', data: { name: 'x' }, metadata: { request_id: '\u0000' } }]),
      );
      await expect(appended).rejects.toMatchObject({ code: '22P05' });
    });
  });

  describe('immutability, enforced by the database', () => {
    let stream: StreamRef;
    beforeAll(async () => {
      stream = newStream();
      await db.transaction((tx) => store.append(tx, stream, NO_STREAM, [awarded(7)]));
    });

    it('refuses UPDATE on events', async () => {
      await expect(db.query(`UPDATE events SET data = '{"points": 7000}' WHERE stream_id = $1`, [stream.streamId])).rejects.toThrow(/append-only/);
    });

    it('refuses DELETE on events', async () => {
      await expect(db.query('DELETE FROM events WHERE stream_id = $1', [stream.streamId])).rejects.toThrow(/append-only/);
    });

    it('refuses TRUNCATE on events', async () => {
      await expect(db.query('TRUNCATE events CASCADE')).rejects.toThrow(/append-only/);
    });

    it('still has the event untouched', async () => {
      const [event] = await store.readStream(db, organizationId, stream.streamId);
      expect(event.data).toEqual({ points: 7 });
    });
  });

  describe('the feed', () => {
    /**
     * Reads from `after` until `count` events were seen (or the time is up). The feed only shows
     * what every transaction older than it has finished with, and other test files' transactions
     * run on the same server, so an event may take a moment to become readable.
     */
    const readUntil = async (after: FeedCursor, orgId: string, count: number, ms = 10000) => {
      const seen: StoredEvent[] = [];
      let cursor = after;
      for (const deadline = Date.now() + ms; seen.length < count && Date.now() < deadline;) {
        const page = await store.readFeed(db, { after: cursor, limit: 2, organizationId: orgId });
        seen.push(...page.events);
        cursor = page.cursor;
        if (page.events.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      return { seen, cursor };
    };
    const points = (events: StoredEvent[]) => events.map((e) => (e.data as any).points);

    it('never moves past an event whose transaction is still open, and sees it once it commits', async () => {
      const feedOrg = randomUUID();
      const stream = (): StreamRef => ({ organizationId: feedOrg, streamId: randomUUID(), streamType: 'customer' });
      await db.transaction((tx) => store.append(tx, stream(), NO_STREAM, [awarded(1)]));

      // A writer appends (taking a lower position) and holds its transaction open...
      const slow = new Client({ connectionString: testDatabaseUrl() });
      slow.on('error', () => undefined);
      await slow.connect();
      try {
        await slow.query('BEGIN');
        const [late] = await store.append(slow as any, stream(), NO_STREAM, [awarded(2)]);
        // ...while others append after it and commit.
        await db.transaction((tx) => store.append(tx, stream(), NO_STREAM, [awarded(3)]));
        await db.transaction((tx) => store.append(tx, stream(), NO_STREAM, [awarded(4)]));

        // The reader sees the first event, and however long it keeps reading, not the later
        // commits that lie beyond the open transaction.
        const before = await readUntil(FEED_START, feedOrg, 1);
        const more = await readUntil(before.cursor, feedOrg, 1, 500);
        expect(points(before.seen.concat(more.seen))).toEqual([1]);

        await slow.query('COMMIT');
        const after = await readUntil(before.cursor, feedOrg, 3);
        expect(points(after.seen)).toEqual([2, 3, 4]);
        // The late event has a lower position than those that committed before it, and was not skipped.
        expect(late.position).toBeLessThan(after.seen[1].position);
        const all = await readUntil(FEED_START, feedOrg, 5, 500);
        expect(points(all.seen)).toEqual([1, 2, 3, 4]);
      } finally {
        await slow.end();
      }
    });

    it('pages through every event exactly once', async () => {
      const feedOrg = randomUUID();
      await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          db.transaction((tx) => store.append(tx, { organizationId: feedOrg, streamId: randomUUID(), streamType: 'customer' }, NO_STREAM, [awarded(i)])),
        ),
      );
      const { seen } = await readUntil(FEED_START, feedOrg, 10, 2000);
      expect(seen).toHaveLength(9);
      expect(new Set(seen.map((e) => e.eventId)).size).toBe(9);
    });
  });
});
