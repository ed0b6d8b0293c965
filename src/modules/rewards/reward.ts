/** A reward as stored in the catalogue. */
export interface Reward {
  id: string;
  name: string;
  description: string | null;
  pointsCost: number;
  icon: string | null;
  minTier: string | null;
  stock: number | null;
  redeemedCount: number;
  availableFrom: Date | null;
  availableUntil: Date | null;
  active: boolean;
  createdAt: Date;
}

export function toReward(row: any): Reward {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    pointsCost: Number(row.points_cost),
    icon: row.icon,
    minTier: row.min_tier,
    stock: row.stock,
    redeemedCount: row.redeemed_count,
    availableFrom: row.available_from,
    availableUntil: row.available_until,
    active: row.active,
    createdAt: row.created_at,
  };
}

/** Offered now: active, and inside its availability window (from inclusive, until exclusive). */
export function isOffered(reward: Reward, at: Date): boolean {
  return reward.active && (!reward.availableFrom || reward.availableFrom <= at) && (!reward.availableUntil || at < reward.availableUntil);
}

export function hasStockLeft(reward: Reward): boolean {
  return reward.stock === null || reward.redeemedCount < reward.stock;
}

/** The POS view (GET /api/v1/rewards). */
export function catalogueEntry(r: Reward) {
  return { id: r.id, name: r.name, description: r.description, points_cost: r.pointsCost, icon: r.icon, min_tier: r.minTier };
}

/** The admin view, with everything the dashboard configures. */
export function adminView(r: Reward) {
  return {
    ...catalogueEntry(r),
    stock: r.stock,
    redeemed_count: r.redeemedCount,
    available_from: r.availableFrom?.toISOString() ?? null,
    available_until: r.availableUntil?.toISOString() ?? null,
    active: r.active,
    created_at: r.createdAt.toISOString(),
  };
}
