import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers (the projection of their event streams), the idempotency references of the POS API,
 * and what points depend on: tiers, bonuses and product earn rules. The database backs the rules
 * that must never break: a balance below zero, two customers with one email or code, one
 * reference recorded twice.
 */
export class CustomersAndPoints1764100000002 implements MigrationInterface {
  name = 'CustomersAndPoints1764100000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE customer_accounts (
        organization_id uuid        NOT NULL REFERENCES organizations (id),
        id              uuid        NOT NULL,
        loyalty_code    char(8)     NOT NULL CHECK (loyalty_code ~ '^[0-9A-F]{8}$'),
        name            text        NOT NULL,
        email           text        CHECK (email = lower(email)),
        birthday        date,
        points_balance  bigint      NOT NULL DEFAULT 0 CHECK (points_balance >= 0),
        lifetime_points bigint      NOT NULL DEFAULT 0 CHECK (lifetime_points >= 0),
        version         integer     NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        UNIQUE (organization_id, loyalty_code),
        UNIQUE (organization_id, email),
        FOREIGN KEY (organization_id, id) REFERENCES event_streams (organization_id, stream_id) DEFERRABLE INITIALLY DEFERRED
      )`);
    await db.query(`
      CREATE TABLE idempotency_keys (
        organization_id uuid        NOT NULL REFERENCES organizations (id),
        external_ref    text        NOT NULL CHECK (length(external_ref) BETWEEN 1 AND 255),
        fingerprint     char(64)    NOT NULL,
        customer_id     uuid,
        result          jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, external_ref)
      )`);
    await db.query(`
      CREATE TABLE tiers (
        organization_id     uuid          NOT NULL REFERENCES organizations (id),
        id                  uuid          NOT NULL,
        name                text          NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        min_lifetime_points bigint        NOT NULL CHECK (min_lifetime_points >= 0),
        multiplier          numeric(14,4) NOT NULL CHECK (multiplier > 0),
        created_at          timestamptz   NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        UNIQUE (organization_id, min_lifetime_points)
      )`);
    await db.query(`CREATE UNIQUE INDEX tiers_name_idx ON tiers (organization_id, lower(name))`);
    await db.query(`
      CREATE TABLE bonuses (
        organization_id uuid          NOT NULL REFERENCES organizations (id),
        id              uuid          NOT NULL,
        name            text          NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        multiplier      numeric(14,4) NOT NULL CHECK (multiplier > 0),
        days_of_week    smallint[]    CHECK (days_of_week <@ ARRAY[0,1,2,3,4,5,6]::smallint[]),
        start_time      char(5),
        end_time        char(5),
        starts_on       date,
        ends_on         date,
        active          boolean       NOT NULL DEFAULT true,
        created_at      timestamptz   NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        CHECK ((start_time IS NULL) = (end_time IS NULL)),
        CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on)
      )`);
    await db.query(`
      CREATE TABLE earn_rules (
        organization_id uuid        NOT NULL REFERENCES organizations (id),
        id              uuid        NOT NULL,
        position        bigint      GENERATED ALWAYS AS IDENTITY,
        name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        type            text        NOT NULL CHECK (type IN ('product', 'category', 'bulk')),
        match           text        NOT NULL CHECK (length(match) BETWEEN 1 AND 200),
        quantity        integer     NOT NULL DEFAULT 1 CHECK (quantity >= 1 AND (type <> 'bulk' OR quantity >= 2)),
        points          integer     NOT NULL CHECK (points >= 1),
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['earn_rules', 'bonuses', 'tiers', 'idempotency_keys', 'customer_accounts']) await db.query(`DROP TABLE ${table}`);
  }
}
