import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/database';
import { isUuid } from '../../common/http/resource-id.pipe';
import { Reward, toReward } from './reward';
import { REWARD_REDEEMED } from '../customer-stream/customer-events';

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

  /** Locks the reward row, so a change of its stock and the redemptions counted against it take turns. */
  async lock(tx: Sql, organizationId: string, id: string): Promise<Reward | null> {
    if (!isUuid(id)) return null; // not an id at all: no such reward
    const { rows } = await tx.query('SELECT * FROM rewards WHERE organization_id = $1 AND id = $2 FOR UPDATE', [organizationId, id]);
    return rows.length ? toReward(rows[0]) : null;
  }

  /**
   * The reward a redemption asks for, unlocked: its stock is counted by the redemption's own write,
   * which the database refuses past the stock (customer-stream adapter, and the rewards CHECK).
   */
  async find(sql: Sql, organizationId: string, id: string): Promise<Reward | null> {
    if (!isUuid(id)) return null; // not an id at all: no such reward
    const { rows } = await sql.query('SELECT * FROM rewards WHERE organization_id = $1 AND id = $2', [organizationId, id]);
    return rows.length ? toReward(rows[0]) : null;
  }

  /**
   * How many times the ledger says the reward was redeemed: its `reward.redeemed` events. The
   * stored `redeemed_count` is only kept while the reward has a stock (a redemption's write counts
   * it then), so it is taken from here whenever a stock is set.
   */
  async redemptionsInLedger(tx: Sql, organizationId: string, id: string): Promise<number> {
    const { rows } = await tx.query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1 AND type = $2 AND data->>'reward_id' = $3`, [
      organizationId,
      REWARD_REDEEMED,
      id,
    ]);
    return rows[0].n;
  }
}
