import pino from 'pino';
import { DataSource } from 'typeorm';
import { EventsCanonicalJson1764100000011 } from '../migrations/1764100000011-events-canonical-json';
import { loadConfig } from '../src/config/app-config';
import { createDataSource } from '../src/database/data-source';
import { DatabaseConnection } from '../src/database/database-connection';
import { EventStore } from '../src/event-store/event-store';
import { verifyLedger } from '../src/modules/ledger/audit/verify-ledger';
import { lineSink } from './support/line-sink';
import { testDatabaseUrl } from './support/test-app';
import { createScratchDatabase, TestDatabase, withClient } from './support/test-database';
import { writeCustomer } from './support/written-customers';

/**
 * migrations/1764100000011-events-canonical-json.ts on a ledger written while events were jsonb:
 * every event is kept (the value, as jsonb printed it), and verify still finds it sound.
 */
describe('the migration of events from jsonb to json', () => {
  let scratch: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    // A database of its own: the migration is undone and done again there.
    scratch = await createScratchDatabase('loyalpanther_test_json_migration', testDatabaseUrl());
    dataSource = createDataSource({ url: scratch.url, poolSize: 2, connectionTimeoutMs: 10_000, statementTimeoutMs: 0 });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await scratch?.drop();
  });

  const migration = new EventsCanonicalJson1764100000011();

  /** Back to jsonb columns, whatever migrations came after this one (they do not touch events). */
  async function undoThisMigration(): Promise<void> {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      await runner.query('DELETE FROM schema_migrations WHERE name = $1', [migration.name]);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  }

  const columnTypes = async () =>
    (
      await dataSource.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events' AND column_name IN ('data', 'metadata') ORDER BY 1`,
      )
    ).map((c: { column_name: string; data_type: string }) => `${c.column_name} ${c.data_type}`);
  const storedEvents = () =>
    dataSource.query('SELECT position, data::text AS data, metadata::text AS metadata, data::jsonb AS value, hash FROM events ORDER BY position');

  it('keeps every event as it was, fires no trigger, and leaves a ledger verify finds sound, old events and new', async () => {
    await undoThisMigration();
    expect(await columnTypes()).toEqual(['data jsonb', 'metadata jsonb']);
    const [{ id: organizationId }] = await dataSource.query(
      `INSERT INTO organizations (id, name, earn_rate, timezone) VALUES (gen_random_uuid(), 'Org', '1', 'UTC') RETURNING id`,
    );
    const written = await withClient(scratch.url, async (client) => {
      const customers = [];
      for (let i = 0; i < 3; i++) {
        customers.push(
          await writeCustomer(client, organizationId, [
            { type: 'customer.registered', data: { loyalty_code: `0000000${i}`, name: 'Zoë "The" \\ Co', email: null, birthday: null } },
            { type: 'points.awarded', data: { source: 'order', points: 12 + i, rules: [{ name: 'Thé', points: 2 }], tier: null } },
            { type: 'reward.redeemed', data: { points_cost: 5, reward_name: 'Cake', tier: null } },
          ]),
        );
      }
      return customers;
    });
    const before = await storedEvents();
    expect(before[0].data).toContain('", "'); // as jsonb prints it

    expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([migration.name]);
    expect(await columnTypes()).toEqual(['data json', 'metadata json']);
    expect(await storedEvents()).toEqual(before);

    const connection = await DatabaseConnection.open(loadConfig({ DATABASE_URL: scratch.url }), pino({ level: 'silent' }), { migrate: false });
    try {
      const stream = { organizationId, streamId: written[0][0].streamId, streamType: 'customer' };
      const store = new EventStore();
      await connection.database.transaction(async (tx) => {
        const [added] = await store.append(tx, stream, await store.readStreamHead(tx, organizationId, stream.streamId), [
          { type: 'points.awarded', data: { points: 4, source: 'transaction' } },
        ]);
        // Every point of these customers is in the never-expiring lot 0 (their awards have no expires_at).
        await tx.query(
          `UPDATE customer_accounts SET points_balance = points_balance + 4, lifetime_points = lifetime_points + 4, version = $3,
            lots = jsonb_build_array(jsonb_build_object('lot', 0, 'expires_at', null, 'points', points_balance + 4)) WHERE organization_id = $1 AND id = $2`,
          [organizationId, stream.streamId, added.streamVersion],
        );
      });
      const out = lineSink();
      const summary = await verifyLedger(connection.database, out.stream, { organizationId, workers: 2 });
      expect(out.lines().filter((l) => l.finding)).toEqual([]);
      expect(summary).toMatchObject({ ok: true, streams: 3, events: 10 });
    } finally {
      await connection.close();
    }
  });

  it('refuses, once done, what jsonb refused: NUL, a lone surrogate', async () => {
    for (const text of ['"a\\u0000b"', '"\\ud800"']) {
      await expect(
        dataSource.query(
          `INSERT INTO events (organization_id, stream_id, stream_version, event_id, type, data, occurred_at, hash)
        VALUES (gen_random_uuid(), gen_random_uuid(), 1, gen_random_uuid(), 'a.b', json_build_object('name', $1::json), now(), 'x')`,
          [text],
        ),
      ).rejects.toMatchObject({
        driverError: { code: expect.stringMatching(/^22P0[25]$/) },
      });
    }
  });
});
