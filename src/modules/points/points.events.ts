/** `points.awarded`: everything needed to explain the points without today's configuration. */
export const POINTS_AWARDED = 'points.awarded';

export interface PointsAwardedData {
  /** `transaction` or `order`: which POS endpoint recorded the purchase. */
  source: 'transaction' | 'order';
  external_ref: string | null;
  amount_cents: number;
  earn_rate: string;
  bonus: { name: string; multiplier: string } | null;
  tier: { name: string; multiplier: string } | null;
  base_points: number;
  line_items?: { name: string; category: string | null; quantity: number; unit_price_cents: number }[];
  rules: { name: string; points: number }[];
  product_points: number;
  points: number;
  balance_after: number;
  lifetime_points_after: number;
}
