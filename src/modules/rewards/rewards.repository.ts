import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/database';
import { SqlPiece } from '../../database/sql-params';
import { isUuid } from '../../common/http/resource-id.pipe';
import { Reward, toReward } from './reward';
import { REWARD_REDEEMED } from './rewards.events';

@Injectable()
export class RewardsRepository {
  /** The catalogue a till shows: active and inside the availability window, cheapest first. */
  async offered(sql: Sql, organizationId: string, at: Date): Promise<Reward[]> {
    const { rows } = await sql.query(
      `SELECT * FROM rewards WHERE organization_id = $1 AND active
         AND (available_from IS NULL OR available_from <= $2) AND (available_until IS NULL OR $2 < available_until)
       ORDER BY points_cost, name, id`,
      [organizationId, at],
    );
    return rows.map(toReward);
  }

  /** Locks the reward row, so concurrent redemptions take its stock one at a time. */
  async lock(tx: Sql, organizationId: string, id: string): Promise<Reward | null> {
    if (!isUuid(id)) return null; // not an id at all: no such reward
    const { rows } = await tx.query('SELECT * FROM rewards WHERE organization_id = $1 AND id = $2 FOR UPDATE', [organizationId, id]);
    return rows.length ? toReward(rows[0]) : null;
  }

  /**
   * How many times the ledger says the reward was redeemed: its `reward.redeemed` events. The
   * stored `redeemed_count` is only kept while the reward has a stock (RedeemRewardHandler counts
   * a redemption then), so it is taken from here whenever a stock is set.
   */
  async redemptionsInLedger(tx: Sql, organizationId: string, id: string): Promise<number> {
    const { rows } = await tx.query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1 AND type = $2 AND data->>'reward_id' = $3`, [organizationId, REWARD_REDEEMED, id]);
    return rows[0].n;
  }

  /** Counts a redemption against the stock, with the append (same statement). */
  countRedemption(organizationId: string, id: string): SqlPiece {
    return (p, onlyIf) => `UPDATE rewards SET redeemed_count = redeemed_count + 1
      WHERE organization_id = ${p.add(organizationId)} AND id = ${p.add(id)} AND ${onlyIf}`;
  }
}
