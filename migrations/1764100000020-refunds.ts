import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds (step 11). An organization chooses what a refund does when the points it takes back were
 * already spent: `floor_at_zero` (the balance stops at 0, the shortfall is recorded as
 * unrecovered) or `allow_negative`. So a negative balance is no longer impossible, only forbidden
 * to organizations that did not allow it: the CHECK becomes a trigger that reads the policy, and
 * runs only on a row that would go below zero (its WHEN clause), so awards pay nothing for it.
 */
export class Refunds1764100000020 implements MigrationInterface {
  name = 'Refunds1764100000020';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organizations ADD COLUMN refund_policy text NOT NULL DEFAULT 'floor_at_zero'
      CONSTRAINT organizations_refund_policy_check CHECK (refund_policy IN ('floor_at_zero', 'allow_negative'))`);
    await db.query(`ALTER TABLE customer_accounts DROP CONSTRAINT customer_accounts_points_balance_check`);
    await db.query(`
      CREATE FUNCTION refuse_negative_balance() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.points_balance < coalesce(OLD.points_balance, 0)
           AND (SELECT refund_policy FROM organizations WHERE id = NEW.organization_id) <> 'allow_negative' THEN
          RAISE EXCEPTION 'new row for relation "customer_accounts" violates check constraint "customer_accounts_points_balance_check" (points_balance may not go below 0 in this organization)'
            USING ERRCODE = 'check_violation', TABLE = 'customer_accounts', CONSTRAINT = 'customer_accounts_points_balance_check';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER customer_accounts_points_balance_check BEFORE INSERT OR UPDATE OF points_balance ON customer_accounts
      FOR EACH ROW WHEN (NEW.points_balance < 0) EXECUTE FUNCTION refuse_negative_balance()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER customer_accounts_points_balance_check ON customer_accounts');
    await db.query('DROP FUNCTION refuse_negative_balance()');
    await db.query('ALTER TABLE customer_accounts ADD CONSTRAINT customer_accounts_points_balance_check CHECK (points_balance >= 0)');
    await db.query('ALTER TABLE organizations DROP COLUMN refund_policy');
  }
}
