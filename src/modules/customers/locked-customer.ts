import { StreamHead } from '../../event-store/event.types';
import { parseDecimal4, Tier } from '../points/policy';

/** A customer locked for a write: who, the balances the decision starts from, and the stream head to append after. */
export interface LockedCustomer {
  customerId: string;
  loyaltyCode: string;
  name: string;
  pointsBalance: number;
  lifetimePoints: number;
  stream: StreamHead;
}

/** What toLockedCustomer reads: the customer (`c`) and its stream head (`s`). */
export const LOCKED_CUSTOMER_COLUMNS = 'c.id, c.loyalty_code, c.name, c.points_balance, c.lifetime_points, s.version, s.last_hash';
export const CUSTOMER_WITH_STREAM = 'FROM customer_accounts c JOIN event_streams s ON s.organization_id = c.organization_id AND s.stream_id = c.id';

/**
 * The first statement of a write to a customer. It claims the external_ref ($3, with the request's
 * fingerprint $4; nothing when $3 is null), then locks the customer ($1 organization, $2 code or
 * email) and its stream row, and reads the customer, the stream head and `columns`. After waiting
 * for a lock PostgreSQL re-reads only the locked rows, so the stream row is locked too, or its
 * version could be stale. One row comes back: `claimed` (0 when the ref was taken, the caller then
 * answers as a retry or 409), then the columns, all null when there is no such customer. `$5` and
 * after are the caller's; `joins` and `extraSelect` add to the customer query and to the row.
 */
export function claimAndLockCustomerSql(by: 'loyalty_code' | 'email', part: { columns: string; joins?: string; extraSelect?: string }): string {
  return `
  WITH claim AS (
    INSERT INTO idempotency_keys (organization_id, external_ref, fingerprint)
    SELECT $1, $3, $4 WHERE $3::text IS NOT NULL
    ON CONFLICT DO NOTHING RETURNING 1)
  SELECT (SELECT count(*) FROM claim)::int AS claimed, ctx.* ${part.extraSelect ? `, ${part.extraSelect}` : ''}
  FROM (SELECT 1) AS one LEFT JOIN LATERAL (
    SELECT ${LOCKED_CUSTOMER_COLUMNS}, ${part.columns}
    ${CUSTOMER_WITH_STREAM}
    ${part.joins ?? ''}
    WHERE c.organization_id = $1 AND c.${by === 'email' ? 'email' : 'loyalty_code'} = $2
    FOR UPDATE OF c, s) AS ctx ON true`;
}

/** The organization's tiers as one JSON value, for the locked customer's (`c`) row. */
export const TIERS_JSON = `(SELECT coalesce(json_agg(json_build_object('name', t.name, 'min', t.min_lifetime_points,
  'multiplier', t.multiplier::text)), '[]') FROM tiers t WHERE t.organization_id = c.organization_id)`;
export const TIERS_COLUMN = `${TIERS_JSON} AS tiers`;

export function toTiers(json: any[]): Tier[] {
  return json.map((t) => ({ name: t.name, minLifetimePoints: Number(t.min), multiplier: parseDecimal4(t.multiplier) }));
}

export function toLockedCustomer(r: any): LockedCustomer {
  return {
    customerId: r.id,
    loyaltyCode: r.loyalty_code,
    name: r.name,
    pointsBalance: Number(r.points_balance),
    lifetimePoints: Number(r.lifetime_points),
    stream: { version: r.version, lastHash: r.last_hash },
  };
}
