import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Points that expire (step 13). The organization's `points_expire_after_days` (null: never), and
 * on the projection the customer's lots as `evolve` returns them, with the soonest expiry among
 * them as a column so the expiry job finds due customers through a partial index (customers with
 * nothing to expire are not in it). Points earned before this step never expire: they are the
 * never-expiring lot 0, which is what a replay of the older events gives.
 */
/** The awards' settings version moves when the expiry setting does too: awards cache their settings by it. */
const BUMP_SETTINGS_VERSION = (alsoWhen: string) => `
  CREATE OR REPLACE FUNCTION bump_settings_version_of_organization() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.earn_rate IS DISTINCT FROM OLD.earn_rate OR NEW.timezone IS DISTINCT FROM OLD.timezone ${alsoWhen} THEN
      NEW.settings_version := OLD.settings_version + 1;
    END IF;
    RETURN NEW;
  END $$`;

export class PointsExpiry1764100000030 implements MigrationInterface {
  name = 'PointsExpiry1764100000030';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organizations ADD COLUMN points_expire_after_days integer
      CONSTRAINT organizations_points_expire_after_days_check CHECK (points_expire_after_days BETWEEN 1 AND 3650)`);
    await db.query(`ALTER TABLE customer_accounts ADD COLUMN lots jsonb NOT NULL DEFAULT '[]', ADD COLUMN next_expiry timestamptz`);
    await db.query(`UPDATE customer_accounts SET lots = jsonb_build_array(jsonb_build_object('lot', 0, 'expires_at', null, 'points', points_balance))
      WHERE points_balance > 0`);
    await db.query(BUMP_SETTINGS_VERSION('OR NEW.points_expire_after_days IS DISTINCT FROM OLD.points_expire_after_days'));
    await db.query(`CREATE INDEX customer_accounts_next_expiry_idx ON customer_accounts (next_expiry) WHERE next_expiry IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX customer_accounts_next_expiry_idx');
    await db.query(BUMP_SETTINGS_VERSION(''));
    await db.query('ALTER TABLE customer_accounts DROP COLUMN next_expiry, DROP COLUMN lots');
    await db.query('ALTER TABLE organizations DROP COLUMN points_expire_after_days');
  }
}
