import { Injectable } from '@nestjs/common';
import { Sql } from '../../../database/database';
import { LockPiece, SqlPiece } from '../../../database/sql-params';
import { OrganizationContext } from '../../../common/http/current-organization.decorator';
import { claimAndLockCustomerSql, LockedCustomer, readCustomerForWriteSql, TIERS_COLUMN, toLockedCustomer, toTiers } from '../../customers/locked-customer';
import { EarlierRequest, toEarlierRequest } from '../../idempotency/idempotency.repository';
import { Bonus, parseDecimal4, ProductEarnRule, Tier } from '../policy';

/** Everything an award is decided on, read in one round trip with the customer locked. */
export interface AwardContext extends LockedCustomer {
  earnRate: bigint;
  timeZone: string;
  tiers: Tier[];
  bonuses: Bonus[];
  rules: ProductEarnRule[];
}

/** The policy's inputs beside the customer: earn rate, time zone, tiers, active bonuses, earn rules (orders only, $3). */
const POLICY_INPUTS = {
  joins: 'JOIN organizations o ON o.id = c.organization_id',
  columns: `o.earn_rate::text AS earn_rate, o.timezone, ${TIERS_COLUMN},
    (SELECT coalesce(json_agg(json_build_object('name', b.name, 'multiplier', b.multiplier::text,
            'days', b.days_of_week, 'start', b.start_time, 'end', b.end_time, 'from', b.starts_on, 'until', b.ends_on)
            ORDER BY b.created_at, b.id), '[]') FROM bonuses b WHERE b.organization_id = c.organization_id AND b.active) AS bonuses,
    CASE WHEN $3 THEN (SELECT coalesce(json_agg(json_build_object('name', r.name, 'type', r.type, 'match', r.match,
            'quantity', r.quantity, 'points', r.points) ORDER BY r.position), '[]')
            FROM earn_rules r WHERE r.organization_id = c.organization_id) END AS rules`,
};

const CLAIM_AND_LOAD_SQL = { loyalty_code: claimAndLockCustomerSql('loyalty_code', POLICY_INPUTS), email: claimAndLockCustomerSql('email', POLICY_INPUTS) };
const READ_SQL = { loyalty_code: readCustomerForWriteSql('loyalty_code', POLICY_INPUTS), email: readCustomerForWriteSql('email', POLICY_INPUTS) };

/** What the optimistic read found: the caller's key state, an earlier request's outcome, the customer. */
export interface AwardRead {
  keyActive: boolean;
  earlier: EarlierRequest | null;
  context: AwardContext | null;
}

@Injectable()
export class AwardContextRepository {
  /**
   * Claims the ref (if any), locks the customer (so concurrent awards to one customer queue up)
   * and reads what the policy needs, in one round trip.
   */
  async claimAndLoad(
    tx: Sql,
    organizationId: string,
    lookup: { by: 'loyalty_code' | 'email'; value: string },
    withRules: boolean,
    claim: { ref: string; fingerprint: string } | null,
  ): Promise<{ claimed: boolean; context: AwardContext | null }> {
    const { rows } = await tx.query(CLAIM_AND_LOAD_SQL[lookup.by], [organizationId, lookup.value, withRules, claim?.ref ?? null, claim?.fingerprint ?? null]);
    const r = rows[0];
    return { claimed: r.claimed === 1, context: r.id ? toAwardContext(r) : null };
  }

  /**
   * The optimistic path's read, in one round trip and without a transaction: the caller's key,
   * an earlier request with this external_ref, and the customer with what the policy needs.
   */
  async read(sql: Sql, caller: OrganizationContext, lookup: { by: 'loyalty_code' | 'email'; value: string }, withRules: boolean, ref: string | null): Promise<AwardRead> {
    const { rows } = await sql.query(READ_SQL[lookup.by], [caller.organizationId, lookup.value, withRules, ref, caller.apiKeyId]);
    const r = rows[0];
    return { keyActive: r.key_active, earlier: toEarlierRequest(r), context: r.id ? toAwardContext(r) : null };
  }

  /**
   * The optimistic write's first lock: the customer's row, before the append touches the stream
   * row. Every writer of a customer takes them in this order (claimAndLockCustomerSql locks the
   * customer, then the stream), so an optimistic award and a locked one cannot deadlock.
   */
  lockCustomer(organizationId: string, customerId: string): LockPiece {
    return (p) => `SELECT 1 FROM customer_accounts WHERE organization_id = ${p.add(organizationId)} AND id = ${p.add(customerId)} FOR UPDATE`;
  }

  /** Moves the projection with the append (same statement): +points to balance and lifetime. */
  applyAward(organizationId: string, customerId: string, points: number, version: number): SqlPiece {
    return (p, onlyIf) => `UPDATE customer_accounts
      SET points_balance = points_balance + ${p.add(points)}, lifetime_points = lifetime_points + ${p.add(points)},
          version = ${p.add(version)}, updated_at = now()
      WHERE organization_id = ${p.add(organizationId)} AND id = ${p.add(customerId)} AND ${onlyIf}`;
  }
}

function toAwardContext(r: any): AwardContext {
  return {
    ...toLockedCustomer(r),
    earnRate: parseDecimal4(r.earn_rate),
    timeZone: r.timezone,
    tiers: toTiers(r.tiers),
    bonuses: r.bonuses.map((b: any) => ({
      name: b.name,
      multiplier: parseDecimal4(b.multiplier),
      daysOfWeek: b.days,
      startTime: b.start,
      endTime: b.end,
      startsOn: b.from,
      endsOn: b.until,
      active: true,
    })),
    rules: (r.rules ?? []).map((x: any) => ({ name: x.name, type: x.type, match: x.match, quantity: x.quantity, points: x.points })),
  };
}
