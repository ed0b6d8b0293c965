import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events keep their `data` and `metadata` as text (json) instead of jsonb, so that the event store
 * can store exactly the canonical text the event's hash was computed on (RFC 8785, docs/ledger.md),
 * and verify can hash the stored bytes after one check instead of printing jsonb and rewriting it
 * canonically for every event (docs/performance.md, "Ledger verify").
 *
 * Existing rows keep what they hold, as jsonb prints it (`data::text::json`): same values, members
 * in jsonb's order with spaces. Verify rewrites such a text canonically, as it did before. Turning
 * them into canonical text here would take a recursive SQL function, some three times as long as
 * the rewrite below (~70 µs an event against ~27 µs per event for the whole statement here),
 * during which appends wait.
 *
 * A type change rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock: it is not an
 * UPDATE, so the append-only triggers do not fire, and events are neither changed nor added.
 * Appends wait for it, the service answering 503 `unavailable` meanwhile.
 *
 * json accepts any JSON text, jsonb does not: NUL (`\u0000`), which PostgreSQL text cannot hold,
 * and lone surrogates. The check below keeps refusing them (22P05, 22P02: a client's value, answered
 * 400), so every event stays readable as jsonb, by `data->>'…'` and by every reader that converts.
 * Rows already stored came from jsonb: it is not checked on them again (NOT VALID).
 */
export class EventsCanonicalJson1764100000011 implements MigrationInterface {
  name = 'EventsCanonicalJson1764100000011';

  async up(db: QueryRunner): Promise<void> {
    await db.query('SET LOCAL statement_timeout = 0');
    await db.query(`
      ALTER TABLE events
        ALTER COLUMN data TYPE json USING data::text::json,
        ALTER COLUMN metadata DROP DEFAULT,
        ALTER COLUMN metadata TYPE json USING metadata::text::json,
        ALTER COLUMN metadata SET DEFAULT '{}'::json`);
    await db.query(`
      ALTER TABLE events ADD CONSTRAINT events_json_fits_jsonb
        CHECK (data::jsonb IS NOT NULL AND metadata::jsonb IS NOT NULL) NOT VALID`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('SET LOCAL statement_timeout = 0');
    await db.query('ALTER TABLE events DROP CONSTRAINT events_json_fits_jsonb');
    await db.query(`
      ALTER TABLE events
        ALTER COLUMN data TYPE jsonb USING data::jsonb,
        ALTER COLUMN metadata DROP DEFAULT,
        ALTER COLUMN metadata TYPE jsonb USING metadata::jsonb,
        ALTER COLUMN metadata SET DEFAULT '{}'::jsonb`);
  }
}
