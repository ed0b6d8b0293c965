import { Injectable } from '@nestjs/common';
import { Sql } from '../../../database/database';
import { StreamHead } from '../../../event-store/event.types';
import { parseDecimal4, Tier } from '../../points/policy';

export interface RedemptionContext {
  customerId: string;
  loyaltyCode: string;
  name: string;
  pointsBalance: number;
  lifetimePoints: number;
  stream: StreamHead;
  tiers: Tier[];
}

/** Locks the customer row (balance checks and changes happen one at a time) and reads the tiers. */
@Injectable()
export class RedemptionContextRepository {
  async lockAndLoad(tx: Sql, organizationId: string, by: 'loyalty_code' | 'email', value: string): Promise<RedemptionContext | null> {
    const { rows } = await tx.query(
      `SELECT c.id, c.loyalty_code, c.name, c.points_balance, c.lifetime_points, s.version, s.last_hash,
              (SELECT coalesce(json_agg(json_build_object('name', t.name, 'min', t.min_lifetime_points, 'multiplier', t.multiplier::text)), '[]')
                 FROM tiers t WHERE t.organization_id = c.organization_id) AS tiers
       FROM customer_accounts c
       JOIN event_streams s ON s.organization_id = c.organization_id AND s.stream_id = c.id
       WHERE c.organization_id = $1 AND c.${by === 'email' ? 'email' : 'loyalty_code'} = $2
       FOR UPDATE OF c, s`,
      [organizationId, value],
    );
    if (!rows.length) return null;
    const r = rows[0];
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

  async applyRedemption(tx: Sql, organizationId: string, customerId: string, cost: number, version: number): Promise<number> {
    const { rows } = await tx.query(
      `UPDATE customer_accounts SET points_balance = points_balance - $3, version = $4, updated_at = now()
       WHERE organization_id = $1 AND id = $2 RETURNING points_balance`,
      [organizationId, customerId, cost, version],
    );
    return Number(rows[0].points_balance);
  }
}
