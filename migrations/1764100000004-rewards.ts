import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reward catalogue. `redeemed_count` moves in the same transaction as each redemption, and the
 * database refuses to let it pass `stock`: overselling is impossible even for code that forgets to check.
 */
export class Rewards1764100000004 implements MigrationInterface {
  name = 'Rewards1764100000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rewards (
        organization_id uuid        NOT NULL REFERENCES organizations (id),
        id              uuid        NOT NULL,
        name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        description     text        CHECK (length(description) <= 1000),
        points_cost     bigint      NOT NULL CHECK (points_cost >= 1),
        icon            text        CHECK (length(icon) <= 32),
        min_tier        text,
        stock           integer     CHECK (stock >= 0),
        redeemed_count  integer     NOT NULL DEFAULT 0 CHECK (redeemed_count >= 0),
        available_from  timestamptz,
        available_until timestamptz,
        active          boolean     NOT NULL DEFAULT true,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        CHECK (stock IS NULL OR redeemed_count <= stock),
        CHECK (available_from IS NULL OR available_until IS NULL OR available_from < available_until)
      )`);
    await db.query('CREATE INDEX rewards_catalogue_idx ON rewards (organization_id, points_cost) WHERE active');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rewards');
  }
}
