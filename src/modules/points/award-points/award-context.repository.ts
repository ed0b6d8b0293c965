import { Injectable } from '@nestjs/common';
import { Sql } from '../../../database/database';
import { SqlPiece } from '../../../database/sql-params';
import { StreamHead } from '../../../event-store/event.types';
import { Bonus, parseDecimal4, ProductEarnRule, Tier } from '../policy';

/**
 * Everything an award is decided on, read in one round trip with the customer row locked. The
 * stream row is locked too: after waiting for a lock, PostgreSQL re-reads only the locked rows, so
 * an unlocked stream row could show a version another award has already moved.
 */
export interface AwardContext {
  customerId: string;
  loyaltyCode: string;
  name: string;
  pointsBalance: number;
  lifetimePoints: number;
  stream: StreamHead;
  earnRate: bigint;
  timeZone: string;
  tiers: Tier[];
  bonuses: Bonus[];
  rules: ProductEarnRule[];
}

/**
 * One statement: claim the external_ref (when given), then lock the customer and its stream and
 * read the policy's inputs. The claim waits for a concurrent request with the same ref to finish;
 * `claimed` is 0 when the ref was already taken (the caller answers as a retry, or 409).
 */
const CLAIM_AND_LOAD_SQL = (by: 'loyalty_code' | 'email') => `
  WITH claim AS (
    INSERT INTO idempotency_keys (organization_id, external_ref, fingerprint)
    SELECT $1, $4, $5 WHERE $4::text IS NOT NULL
    ON CONFLICT DO NOTHING RETURNING 1)
  SELECT (SELECT count(*) FROM claim)::int AS claimed, ctx.* FROM (SELECT 1) AS one LEFT JOIN LATERAL (
    SELECT c.id, c.loyalty_code, c.name, c.points_balance, c.lifetime_points,
           s.version, s.last_hash, o.earn_rate::text AS earn_rate, o.timezone,
           (SELECT coalesce(json_agg(json_build_object('name', t.name, 'min', t.min_lifetime_points,
                    'multiplier', t.multiplier::text)), '[]') FROM tiers t WHERE t.organization_id = c.organization_id) AS tiers,
           (SELECT coalesce(json_agg(json_build_object('name', b.name, 'multiplier', b.multiplier::text,
                    'days', b.days_of_week, 'start', b.start_time, 'end', b.end_time, 'from', b.starts_on, 'until', b.ends_on)
                    ORDER BY b.created_at, b.id), '[]') FROM bonuses b WHERE b.organization_id = c.organization_id AND b.active) AS bonuses,
           CASE WHEN $3 THEN (SELECT coalesce(json_agg(json_build_object('name', r.name, 'type', r.type, 'match', r.match,
                    'quantity', r.quantity, 'points', r.points) ORDER BY r.position), '[]')
                    FROM earn_rules r WHERE r.organization_id = c.organization_id) END AS rules
    FROM customer_accounts c
    JOIN event_streams s ON s.organization_id = c.organization_id AND s.stream_id = c.id
    JOIN organizations o ON o.id = c.organization_id
    WHERE c.organization_id = $1 AND c.${by} = $2
    FOR UPDATE OF c, s) AS ctx ON true`;

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
    const { rows } = await tx.query(CLAIM_AND_LOAD_SQL(lookup.by), [organizationId, lookup.value, withRules, claim?.ref ?? null, claim?.fingerprint ?? null]);
    const r = rows[0];
    return { claimed: r.claimed === 1, context: r.id ? toAwardContext(r) : null };
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
    customerId: r.id,
    loyaltyCode: r.loyalty_code,
    name: r.name,
    pointsBalance: Number(r.points_balance),
    lifetimePoints: Number(r.lifetime_points),
    stream: { version: r.version, lastHash: r.last_hash },
    earnRate: parseDecimal4(r.earn_rate),
    timeZone: r.timezone,
    tiers: r.tiers.map((t: any) => ({ name: t.name, minLifetimePoints: Number(t.min), multiplier: parseDecimal4(t.multiplier) })),
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
