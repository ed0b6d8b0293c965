import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The auditor's ledger order: a gap-free position per organization (1, 2, 3, …), given to each
 * event lazily, once it is committed, by the sequencer (src/modules/ledger/feed/ledger-sequencer.ts).
 * It lives beside the events, which stay immutable. `ledger_watermark` is one row: every event of a
 * transaction below `sequenced_below` has its position, so the sequencer looks for new events only
 * from there (it is global, as transaction ids are). Positions, once given, never change: the
 * database refuses it, as for events.
 *
 * No foreign key to `events`: adding one would block every append for as long as the backfill
 * below runs on a live database, and events cannot be deleted anyway.
 */
export class LedgerPositions1764100000005 implements MigrationInterface {
  name = 'LedgerPositions1764100000005';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ledger_positions (
        organization_id uuid   NOT NULL,
        ledger_position bigint NOT NULL CHECK (ledger_position >= 1),
        event_position  bigint NOT NULL,
        PRIMARY KEY (organization_id, ledger_position),
        UNIQUE (organization_id, event_position)
      )`);
    await db.query(`
      CREATE TABLE ledger_watermark (
        singleton       boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        sequenced_below xid8    NOT NULL
      )`);
    await this.sequenceExistingEvents(db);

    await db.query(`
      CREATE FUNCTION refuse_ledger_position_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger positions are append-only: % is not allowed', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER ledger_positions_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_positions
      FOR EACH ROW EXECUTE FUNCTION refuse_ledger_position_change()`);
    await db.query(`
      CREATE TRIGGER ledger_positions_no_truncate BEFORE TRUNCATE ON ledger_positions
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_position_change()`);
  }

  /**
   * Gives every event already committed its position (by event position, which keeps each
   * stream's order), and sets the watermark from the same statement's snapshot: every transaction
   * below its xmin had ended, so all of their events were among those just sequenced. Done here,
   * in one statement, so the sequencer never has to crawl a whole existing ledger batch by batch.
   */
  private async sequenceExistingEvents(db: QueryRunner): Promise<void> {
    await db.query('SET LOCAL statement_timeout = 0');
    await db.query(`
      WITH inserted AS (
        INSERT INTO ledger_positions (organization_id, ledger_position, event_position)
        SELECT organization_id, row_number() OVER (PARTITION BY organization_id ORDER BY position), position
        FROM events
        RETURNING 1
      )
      INSERT INTO ledger_watermark (sequenced_below) VALUES (pg_snapshot_xmin(pg_current_snapshot()))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ledger_watermark');
    await db.query('DROP TABLE ledger_positions');
    await db.query('DROP FUNCTION refuse_ledger_position_change()');
  }
}
