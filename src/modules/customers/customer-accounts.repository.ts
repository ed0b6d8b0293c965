import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/database';
import { soonestExpiry } from '../customer-stream/lots';
import { CustomerAccount } from './customer-account';
import { CustomerLookup, lookupColumn } from './customer-lookup';

/** The tier a customer's lifetime points reach in the organization's current tier table. */
const TIER_OF = (alias: string) => `(SELECT t.name FROM tiers t WHERE t.organization_id = ${alias}.organization_id
  AND t.min_lifetime_points <= ${alias}.lifetime_points ORDER BY t.min_lifetime_points DESC LIMIT 1)`;

/** The lowest tier above a customer's lifetime points (the tiers' unique index on the threshold finds it), as {name, min}. */
const NEXT_TIER_OF = (alias: string) => `(SELECT json_build_object('name', t.name, 'min', t.min_lifetime_points) FROM tiers t
  WHERE t.organization_id = ${alias}.organization_id AND t.min_lifetime_points > ${alias}.lifetime_points ORDER BY t.min_lifetime_points LIMIT 1)`;

export const CUSTOMER_COLUMNS = `c.id, c.loyalty_code, c.name, c.email, c.points_balance, c.lifetime_points, c.lots, ${TIER_OF('c')} AS tier, ${NEXT_TIER_OF('c')} AS next_tier`;

export function toCustomerAccount(row: any): CustomerAccount {
  return {
    id: row.id,
    loyaltyCode: row.loyalty_code,
    name: row.name,
    email: row.email,
    pointsBalance: Number(row.points_balance),
    lifetimePoints: Number(row.lifetime_points),
    tier: row.tier ?? null,
    nextTier: row.next_tier ? { name: row.next_tier.name, minLifetimePoints: Number(row.next_tier.min) } : null,
    expiring: soonestExpiry(row.lots ?? []),
  };
}

/** Reads and writes of the customer projection, always scoped by organization. */
@Injectable()
export class CustomerAccountsRepository {
  async find(sql: Sql, organizationId: string, lookup: CustomerLookup): Promise<CustomerAccount | null> {
    const { column } = lookupColumn(lookup.by);
    const { rows } = await sql.query(`SELECT ${CUSTOMER_COLUMNS} FROM customer_accounts c WHERE c.organization_id = $1 AND c.${column} = $2`, [
      organizationId,
      lookup.value,
    ]);
    return rows.length ? toCustomerAccount(rows[0]) : null;
  }

  async findById(sql: Sql, organizationId: string, id: string): Promise<CustomerAccount | null> {
    const { rows } = await sql.query(`SELECT ${CUSTOMER_COLUMNS} FROM customer_accounts c WHERE c.organization_id = $1 AND c.id = $2`, [organizationId, id]);
    return rows.length ? toCustomerAccount(rows[0]) : null;
  }

  /** Inserts a new customer; null when the email or the code is already taken (decided by the unique indexes). */
  async insert(
    sql: Sql,
    organizationId: string,
    c: { id: string; loyaltyCode: string; name: string; email: string | null; birthday: string | null },
  ): Promise<boolean> {
    const { rows } = await sql.query(
      `INSERT INTO customer_accounts (organization_id, id, loyalty_code, name, email, birthday, version)
       VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT DO NOTHING RETURNING id`,
      [organizationId, c.id, c.loyaltyCode, c.name, c.email, c.birthday],
    );
    return rows.length === 1;
  }
}
