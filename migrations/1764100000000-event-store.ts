import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event store: one row per stream (a customer) holding its version and the hash
 * of its last event, and one row per event. Tables lead with the organization id so they can be
 * distributed by organization later. The database itself refuses to change or remove events.
 */
export class EventStore1764100000000 implements MigrationInterface {
  name = 'EventStore1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event_streams (
        organization_id uuid        NOT NULL,
        stream_id       uuid        NOT NULL,
        stream_type     text        NOT NULL,
        version         integer     NOT NULL CHECK (version >= 0),
        last_hash       char(64),
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, stream_id)
      )`);
    await db.query(`
      CREATE TABLE events (
        organization_id uuid        NOT NULL,
        position        bigint      GENERATED ALWAYS AS IDENTITY,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       uuid        NOT NULL,
        stream_version  integer     NOT NULL CHECK (stream_version >= 1),
        event_id        uuid        NOT NULL,
        type            text        NOT NULL CHECK (type ~ '^[a-z_]+(\\.[a-z_]+)+$'),
        schema_version  integer     NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        prev_hash       char(64),
        hash            char(64)    NOT NULL,
        PRIMARY KEY (organization_id, position),
        UNIQUE (organization_id, stream_id, stream_version),
        UNIQUE (organization_id, event_id),
        FOREIGN KEY (organization_id, stream_id) REFERENCES event_streams (organization_id, stream_id)
      )`);
    // The global feed is read in commit-safe order: (transaction id, position).
    await db.query(`CREATE INDEX events_feed_idx ON events (transaction_id, position)`);
    await db.query(`CREATE INDEX events_org_feed_idx ON events (organization_id, transaction_id, position)`);

    await db.query(`
      CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION refuse_event_change()`);
    await db.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE events');
    await db.query('DROP TABLE event_streams');
    await db.query('DROP FUNCTION refuse_event_change()');
  }
}
