import { Database } from '../../../database/database';

/**
 * What the expiry job has left to do, for the metrics: customers with a lot past its expiry (by the
 * partial index on next_expiry, capped so a scrape stays cheap) and how long the longest-waiting
 * one has waited.
 */
export async function expiryBacklog(database: Database): Promise<{ customers: number; oldestAgeSeconds: number }> {
  const { rows } = await database.query(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM customer_accounts WHERE next_expiry <= now() LIMIT 100000) due)::int AS customers,
       coalesce(extract(epoch FROM now() - (SELECT min(next_expiry) FROM customer_accounts WHERE next_expiry <= now())), 0)::float8 AS age`,
  );
  return { customers: rows[0].customers, oldestAgeSeconds: Math.max(0, rows[0].age) };
}
