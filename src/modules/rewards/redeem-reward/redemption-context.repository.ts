import { Injectable } from '@nestjs/common';
import { Sql } from '../../../database/database';
import { SqlPiece } from '../../../database/sql-params';
import { claimAndLockCustomerSql, LockedCustomer, TIERS_COLUMN, toLockedCustomer, toTiers } from '../../customers/locked-customer';
import { Tier } from '../../points/policy';
import { Reward, toReward } from '../reward';

export interface RedemptionContext extends LockedCustomer {
  tiers: Tier[];
}

/**
 * The locked customer with the tiers and the reward. The reward row is not locked here: only a
 * reward with a stock needs that (see RewardsRepository.lock).
 */
const CLAIM_AND_LOAD_SQL = (by: 'loyalty_code' | 'email') =>
  claimAndLockCustomerSql(by, {
    columns: TIERS_COLUMN,
    extraSelect: '(SELECT row_to_json(r) FROM rewards r WHERE r.organization_id = $1 AND r.id = $5::uuid) AS reward',
  });

@Injectable()
export class RedemptionContextRepository {
  async claimAndLoad(
    tx: Sql,
    organizationId: string,
    lookup: { by: 'loyalty_code' | 'email'; value: string },
    rewardId: string | null,
    claim: { ref: string; fingerprint: string } | null,
  ): Promise<{ claimed: boolean; context: RedemptionContext | null; reward: Reward | null }> {
    const { rows } = await tx.query(CLAIM_AND_LOAD_SQL(lookup.by), [organizationId, lookup.value, claim?.ref ?? null, claim?.fingerprint ?? null, rewardId]);
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
  return { ...toLockedCustomer(r), tiers: toTiers(r.tiers) };
}

/** row_to_json gives timestamps as text; the Reward mapper expects what node-postgres gives. */
function rewardRow(json: any) {
  const at = (v: string | null) => (v ? new Date(v) : null);
  return { ...json, available_from: at(json.available_from), available_until: at(json.available_until), created_at: new Date(json.created_at) };
}
