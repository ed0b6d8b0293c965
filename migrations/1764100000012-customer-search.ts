import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer search for the back office (GET /api/admin/v1/organizations/:org/customers?query=):
 * trigram indexes, so that "contains" and "starts with" on the name, the email and the loyalty
 * code, case-insensitively (ILIKE), find their rows without reading an organization's customers.
 *
 * - `pg_trgm` indexes the three-character pieces of a text (GIN, `gin_trgm_ops`), which LIKE and
 *   ILIKE patterns with a leading `%` can use; a btree cannot.
 * - `btree_gin` lets the organization id lead each of those GIN indexes, so a search reads only its
 *   own organization's entries: a query common in another tenant's customers costs this one nothing.
 *
 * Both are contrib extensions shipped with PostgreSQL (the embedded one included) and trusted
 * since PostgreSQL 13: the database's owner may create them without being a superuser. The indexes
 * are built in the migration's transaction, which holds writes to customer_accounts meanwhile:
 * about 15 s on a million customers on a 2-core machine (docs/deployment.md, "Upgrades").
 */
export class CustomerSearch1764100000012 implements MigrationInterface {
  name = 'CustomerSearch1764100000012';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await db.query('CREATE EXTENSION IF NOT EXISTS btree_gin');
    await db.query('CREATE INDEX customer_accounts_name_search_idx ON customer_accounts USING gin (organization_id, name gin_trgm_ops)');
    await db.query('CREATE INDEX customer_accounts_email_search_idx ON customer_accounts USING gin (organization_id, email gin_trgm_ops)');
    await db.query('CREATE INDEX customer_accounts_code_search_idx ON customer_accounts USING gin (organization_id, (loyalty_code::text) gin_trgm_ops)');
    await db.query('ALTER TABLE customer_accounts SET (fillfactor = 80)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE customer_accounts RESET (fillfactor)');
    for (const index of ['customer_accounts_code_search_idx', 'customer_accounts_email_search_idx', 'customer_accounts_name_search_idx'])
      await db.query(`DROP INDEX ${index}`);
    // The extensions stay: other objects of the database may have come to use them since.
  }
}
