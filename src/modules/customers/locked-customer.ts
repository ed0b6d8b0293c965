import { StreamHead } from '../../event-store/event.types';
import { keyActiveColumn } from '../api-keys/key-confirmation';
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

/**
 * The first statement of a write to a customer. It claims the external_ref ($4, with the request's
 * fingerprint $5; nothing when $4 is null), then locks the customer ($1 organization, $2 code or
 * email) and its stream row, and reads the customer, the stream head and `columns`. After waiting
 * for a lock PostgreSQL re-reads only the locked rows, so the stream row is locked too, or its
 * version could be stale. One row comes back: `claimed` (0 when the ref was taken, the caller then
 * answers as a retry or 409), then the columns, all null when there is no such customer. `$3` is
 * the caller's; `joins` and `extraSelect` add to the customer query and to the row.
 */
export function claimAndLockCustomerSql(by: 'loyalty_code' | 'email', part: { columns: string; joins?: string; extraSelect?: string }): string {
  return `
  WITH claim AS (
    INSERT INTO idempotency_keys (organization_id, external_ref, fingerprint)
    SELECT $1, $4, $5 WHERE $4::text IS NOT NULL
    ON CONFLICT DO NOTHING RETURNING 1)
  SELECT (SELECT count(*) FROM claim)::int AS claimed, ctx.* ${part.extraSelect ? `, ${part.extraSelect}` : ''}
  FROM (SELECT 1) AS one LEFT JOIN LATERAL (
    SELECT c.id, c.loyalty_code, c.name, c.points_balance, c.lifetime_points, s.version, s.last_hash, ${part.columns}
    FROM customer_accounts c
    JOIN event_streams s ON s.organization_id = c.organization_id AND s.stream_id = c.id
    ${part.joins ?? ''}
    WHERE c.organization_id = $1 AND c.${by === 'email' ? 'email' : 'loyalty_code'} = $2
    FOR UPDATE OF c, s) AS ctx ON true`;
}

/**
 * The first statement of an optimistic write to a customer (no transaction, no lock): whether the
 * caller's key is active ($5, `key_active`), what an earlier request with the same external_ref
 * ($4) recorded (`earlier_fingerprint`, `earlier_customer_id`, `earlier_result`; null when it is
 * new), and the customer with its stream head and `columns`, as claimAndLockCustomerSql reads
 * them. The write that follows moves the stream head only from the version read here, so what
 * was read cannot have changed underneath it.
 */
export function readCustomerForWriteSql(by: 'loyalty_code' | 'email', part: { columns: string; joins?: string }): string {
  return `
  SELECT ${keyActiveColumn('$5')}, i.fingerprint AS earlier_fingerprint, i.customer_id AS earlier_customer_id,
    i.result AS earlier_result, ctx.*
  FROM (SELECT 1) AS one
  LEFT JOIN idempotency_keys i ON i.organization_id = $1 AND i.external_ref = $4
  LEFT JOIN LATERAL (
    SELECT c.id, c.loyalty_code, c.name, c.points_balance, c.lifetime_points, s.version, s.last_hash, ${part.columns}
    FROM customer_accounts c
    JOIN event_streams s ON s.organization_id = c.organization_id AND s.stream_id = c.id
    ${part.joins ?? ''}
    WHERE c.organization_id = $1 AND c.${by === 'email' ? 'email' : 'loyalty_code'} = $2) AS ctx ON true`;
}

/** The organization's tiers as one JSON column of the locked customer's row. */
export const TIERS_COLUMN = `(SELECT coalesce(json_agg(json_build_object('name', t.name, 'min', t.min_lifetime_points,
  'multiplier', t.multiplier::text)), '[]') FROM tiers t WHERE t.organization_id = c.organization_id) AS tiers`;

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
