import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizations (the businesses) and their API keys. A key's secret is never stored: only a bcrypt
 * hash, and a non-secret lookup id that finds the row without trying every hash.
 */
export class OrganizationsAndApiKeys1764100000001 implements MigrationInterface {
  name = 'OrganizationsAndApiKeys1764100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organizations (
        id          uuid          PRIMARY KEY,
        name        text          NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        earn_rate   numeric(14,4) NOT NULL DEFAULT 1 CHECK (earn_rate > 0),
        timezone    text          NOT NULL DEFAULT 'UTC',
        created_at  timestamptz   NOT NULL DEFAULT now(),
        updated_at  timestamptz   NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE api_keys (
        organization_id uuid        NOT NULL REFERENCES organizations (id),
        id              uuid        NOT NULL,
        name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        lookup_id       text        NOT NULL UNIQUE,
        secret_hash     text        NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        revoked_at      timestamptz,
        PRIMARY KEY (organization_id, id),
        UNIQUE (id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE api_keys');
    await db.query('DROP TABLE organizations');
  }
}
