import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Names for the CHECK constraints that were created without one (PostgreSQL called them
 * `rewards_check`, `rewards_check1`, …). When a write breaks one, the API names the field and the
 * rule from the constraint's name (src/common/errors/constraint-errors.ts): a name that says what
 * the rule is keeps that table readable and cannot be confused with the next unnamed CHECK.
 * Renaming changes no data and takes no longer than a catalog update.
 */
const RENAMES: Array<[table: string, from: string, to: string]> = [
  ['rewards', 'rewards_check', 'rewards_stock_covers_redeemed'],
  ['rewards', 'rewards_check1', 'rewards_available_window'],
  ['bonuses', 'bonuses_check', 'bonuses_start_and_end_time_together'],
  ['bonuses', 'bonuses_check1', 'bonuses_date_range'],
  ['earn_rules', 'earn_rules_check', 'earn_rules_quantity_check'],
];

export class ConstraintNames1764100000017 implements MigrationInterface {
  name = 'ConstraintNames1764100000017';

  async up(db: QueryRunner): Promise<void> {
    for (const [table, from, to] of RENAMES) await db.query(`ALTER TABLE ${table} RENAME CONSTRAINT ${from} TO ${to}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, from, to] of RENAMES) await db.query(`ALTER TABLE ${table} RENAME CONSTRAINT ${to} TO ${from}`);
  }
}
