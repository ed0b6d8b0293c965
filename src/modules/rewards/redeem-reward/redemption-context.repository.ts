import { Injectable } from '@nestjs/common';
import { Sql } from '../../../database/database';
import { SqlPiece } from '../../../database/sql-params';
import { StreamHead } from '../../../event-store/event.types';
import { parseDecimal4, Tier } from '../../points/policy';
import { Reward, toReward } from '../reward';

export interface RedemptionContext {
  customerId: string;
  loyaltyCode: string;
  name: string;
  pointsBalance: number;
  lifetimePoints: number;
  stream: StreamHead;
  tiers: Tier[];
}

/**
 * One statement: claim the external_ref (when given), lock the customer and its stream (balance
 * checks and changes happen one at a time), read the tiers and the reward. The reward row is not
 * locked here: only a reward with a stock needs that (see RewardsRepository.lock).
 */
const CLAIM_AND_LOAD_SQL = (by: 'loyalty_code' | 'email') => `
  WITH claim AS (
    INSERT INTO idempotency_keys (organization_id, external_ref, fingerprint)
    SELECT $1, $4, $5 WHERE $4::text IS NOT NULL
    ON CONFLICT DO NOTHING RETURNING 1)
  SELECT (SELECT count(*) FROM claim)::int AS claimed, ctx.*,
         (SELECT row_to_json(r) FROM rewards r WHERE r.organization_id = $1 AND r.id = $3::uuid) AS reward
  FROM (SELECT 1) AS one LEFT JOIN LATERAL (
    SELECT c.id, c.loyalty_code, c.name, c.points_balance, c.lifetime_points, s.version, s.last_hash,
           (SELECT coalesce(json_agg(json_build_object('name', t.name, 'min', t.min_lifetime_points, 'multiplier', t.multiplier::text)), '[]')
              FROM tiers t WHERE t.organization_id = c.organization_id) AS tiers
    FROM customer_accounts c
    JOIN event_streams s ON s.organization_id = c.organization_id AND s.stream_id = c.id
    WHERE c.organization_id = $1 AND c.${by} = $2
    FOR UPDATE OF c, s) AS ctx ON true`;

@Injectable()
export class RedemptionContextRepository {
  async claimAndLoad(
    tx: Sql,
    organizationId: string,
    lookup: { by: 'loyalty_code' | 'email'; value: string },
    rewardId: string | null,
    claim: { ref: string; fingerprint: string } | null,
  ): Promise<{ claimed: boolean; context: RedemptionContext | null; reward: Reward | null }> {
    const { rows } = await tx.query(CLAIM_AND_LOAD_SQL(lookup.by), [organizationId, lookup.value, rewardId, claim?.ref ?? null, claim?.fingerprint ?? null]);
    const r = rows[0];
    return { claimed: r.claimed === 1, context: r.id ? toContext(r) : null, reward: r.reward ? toReward(rewardRow(r.reward)) : null };
  }

  /** Lowers the balance with the append (same statement). */
  applyRedemption(organizationId: string, customerId: string, cost: number, version: number): SqlPiece {
    return (p, onlyIf) => `UPDATE customer_accounts
      SET points_balance = points_balance - ${p.add(cost)}, version = ${p.add(version)}, updated_at = now()
      WHERE organization_id = ${p.add(organizationId)} AND id = ${p.add(customerId)} AND ${onlyIf}`;
  }
}

function toContext(r: any): RedemptionContext {
  return {
    customerId: r.id,
    loyaltyCode: r.loyalty_code,
    name: r.name,
    pointsBalance: Number(r.points_balance),
    lifetimePoints: Number(r.lifetime_points),
    stream: { version: r.version, lastHash: r.last_hash },
    tiers: r.tiers.map((t: any) => ({ name: t.name, minLifetimePoints: Number(t.min), multiplier: parseDecimal4(t.multiplier) })),
  };
}

/** row_to_json gives timestamps as text; the Reward mapper expects what node-postgres gives. */
function rewardRow(json: any) {
  const at = (v: string | null) => (v ? new Date(v) : null);
  return { ...json, available_from: at(json.available_from), available_until: at(json.available_until), created_at: new Date(json.created_at) };
}
