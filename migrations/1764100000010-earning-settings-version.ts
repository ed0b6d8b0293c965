import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version number per organization for what awards are computed from: its earn rate and time
 * zone, tiers, bonuses and earn rules. The database moves it on every change to any of them
 * (triggers, so no writer can forget), in the transaction that makes the change. The service
 * keeps the inputs it last read per organization and reads them again only when the award's own
 * statement finds another version (src/modules/points/award-points/policy-inputs-cache.ts).
 */
export class EarningSettingsVersion1764100000010 implements MigrationInterface {
  name = 'EarningSettingsVersion1764100000010';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE organizations ADD COLUMN settings_version bigint NOT NULL DEFAULT 1');
    await db.query(`
      CREATE FUNCTION bump_settings_version_of_organization() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.earn_rate IS DISTINCT FROM OLD.earn_rate OR NEW.timezone IS DISTINCT FROM OLD.timezone THEN
          NEW.settings_version := OLD.settings_version + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER organizations_settings_version BEFORE UPDATE ON organizations
      FOR EACH ROW EXECUTE FUNCTION bump_settings_version_of_organization()`);
    await db.query(`
      CREATE FUNCTION bump_settings_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE organizations SET settings_version = settings_version + 1
        WHERE id IN (SELECT organization_id FROM changed);
        RETURN NULL;
      END $$`);
    for (const table of ['tiers', 'bonuses', 'earn_rules']) {
      // One trigger per kind of change: a statement-level trigger sees the changed rows through
      // its transition table, which PostgreSQL allows for one event per trigger.
      await db.query(`CREATE TRIGGER ${table}_settings_version_insert AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version()`);
      await db.query(`CREATE TRIGGER ${table}_settings_version_update AFTER UPDATE ON ${table}
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version()`);
      await db.query(`CREATE TRIGGER ${table}_settings_version_delete AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['tiers', 'bonuses', 'earn_rules']) {
      for (const op of ['insert', 'update', 'delete']) await db.query(`DROP TRIGGER ${table}_settings_version_${op} ON ${table}`);
    }
    await db.query('DROP TRIGGER organizations_settings_version ON organizations');
    await db.query('DROP FUNCTION bump_settings_version()');
    await db.query('DROP FUNCTION bump_settings_version_of_organization()');
    await db.query('ALTER TABLE organizations DROP COLUMN settings_version');
  }
}
