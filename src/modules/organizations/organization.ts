import { formatDecimal4, parseDecimal4 } from '../points/policy';

export const REFUND_POLICIES = ['floor_at_zero', 'allow_negative'] as const;
export type RefundPolicy = (typeof REFUND_POLICIES)[number];

export interface Organization {
  id: string;
  name: string;
  /** Canonical decimal text ("1.5"): exact, never a binary float until it is shown. */
  earnRate: string;
  timezone: string;
  /** What a refund does when the points it takes back were already spent (docs/points.md). */
  refundPolicy: RefundPolicy;
  /** Days after the sale's local day that points expire at the day's end; null: never (docs/points.md). */
  pointsExpireAfterDays: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The admin API's view: `earn_rate` as a JSON number (1.15 prints as 1.15; it is stored exactly). */
export function organizationView(org: Organization) {
  return {
    id: org.id,
    name: org.name,
    earn_rate: Number(org.earnRate),
    timezone: org.timezone,
    refund_policy: org.refundPolicy,
    points_expire_after_days: org.pointsExpireAfterDays,
    created_at: org.createdAt.toISOString(),
    updated_at: org.updatedAt.toISOString(),
  };
}

/** "1.50" or 1.5 → "1.5": the exact text stored in numeric(14,4). */
export function canonicalEarnRate(value: number | string): string {
  return formatDecimal4(parseDecimal4(value));
}
