import { Injectable } from '@nestjs/common';
import { Database } from '../../../database/database';
import { SearchQuery } from './search-query';

/**
 * How many customers the first statement reads in code order before it gives the search to the
 * trigram indexes: a query that matches 1 customer in 100 or more fills a page of 20 from these;
 * a rarer one is looked up in the indexes, where its matches are few (docs/performance.md).
 */
export const WALK_BUDGET = 2000;

/** The pattern `param` in the code, the email or the name: the expressions the trigram indexes hold. */
const matches = (param: string) => `(c.name ILIKE ${param} OR c.email ILIKE ${param} OR c.loyalty_code::text ILIKE ${param})`;
const TIER_OF = `(SELECT t.name FROM tiers t WHERE t.organization_id = c.organization_id AND t.min_lifetime_points <= c.lifetime_points
  ORDER BY t.min_lifetime_points DESC LIMIT 1)`;
const COLUMNS = `c.loyalty_code, c.name, c.email, c.points_balance, c.lifetime_points, ${TIER_OF} AS tier`;

/**
 * The first statement: the organization's customers in code order (the unique index on
 * (organization_id, loyalty_code)), at most `$3` of them, those that match, up to `$5`. The plan
 * reads the index only until it has found `$5`: a common query stops after a few dozen customers.
 */
const WALK_SQL = `SELECT ${COLUMNS} FROM (
    SELECT * FROM customer_accounts c WHERE c.organization_id = $1 AND c.loyalty_code > $2 ORDER BY c.loyalty_code LIMIT $3) AS c
  WHERE $4::text IS NULL OR ${matches('$4')}
  ORDER BY c.loyalty_code LIMIT $5`;

/**
 * The second, when the first found too few: every match beyond the customers the first read (from
 * `edge`, the first customer past them; none when the organization has no more), through the
 * trigram indexes (each led by the organization, a BitmapOr of the three), then ordered.
 * MATERIALIZED so that the matches are planned on their own: the plan must not walk the code index
 * again for the sake of the order.
 */
const INDEXED_SQL = `WITH edge AS (
    SELECT loyalty_code FROM customer_accounts WHERE organization_id = $1 AND loyalty_code > $2 ORDER BY loyalty_code OFFSET $3 LIMIT 1),
  matches AS MATERIALIZED (
    SELECT c.* FROM edge, customer_accounts c WHERE c.organization_id = $1 AND c.loyalty_code >= edge.loyalty_code AND ${matches('$4')})
  SELECT ${COLUMNS} FROM matches c ORDER BY c.loyalty_code LIMIT $5`;

/** A row of either statement: numbers as node-postgres gives bigint, text. */
interface FoundRow {
  loyalty_code: string;
  name: string;
  email: string | null;
  points_balance: string;
  lifetime_points: string;
  tier: string | null;
}

export interface FoundCustomer {
  loyaltyCode: string;
  name: string;
  email: string | null;
  pointsBalance: number;
  lifetimePoints: number;
  tier: string | null;
}

export interface SearchPage {
  customers: FoundCustomer[];
  /** The `after` of the next page; null when this one is the last. */
  nextAfter: string | null;
}

/**
 * The back office's customer search: matches in loyalty code order, paged by code. A common query
 * is answered from the first customers in code order; a rare one from the trigram indexes
 * (migration 1764100000012). Either way the work is bounded by the page, not by the organization's
 * size, and decided here rather than by the planner, which estimates a pattern's frequency over
 * every organization at once.
 */
@Injectable()
export class CustomerSearch {
  constructor(private readonly database: Database) {}

  async page(organizationId: string, query: SearchQuery): Promise<SearchPage> {
    const wanted = query.limit + 1; // one more tells whether there is a next page
    const params = [organizationId, query.after, WALK_BUDGET, query.pattern, wanted];
    const found = (await this.database.query<FoundRow>(WALK_SQL, params)).rows;
    if (found.length < wanted && query.pattern !== null) {
      found.push(...(await this.database.query<FoundRow>(INDEXED_SQL, [...params.slice(0, 4), wanted - found.length])).rows);
    }
    const customers = found.slice(0, query.limit).map(toFound);
    return { customers, nextAfter: found.length > query.limit ? customers[customers.length - 1].loyaltyCode : null };
  }
}

function toFound(row: FoundRow): FoundCustomer {
  return {
    loyaltyCode: row.loyalty_code,
    name: row.name,
    email: row.email,
    pointsBalance: Number(row.points_balance),
    lifetimePoints: Number(row.lifetime_points),
    tier: row.tier ?? null,
  };
}
