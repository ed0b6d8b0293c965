import { parseDecimal4 } from '../../../kernel/decimal';
import { AwardedRule, PointsAwardedData, PointsRefundedData } from '../../customer-stream/customer-events';
import { basePoints, LineItem, matchKey, ProductEarnRule, productPoints } from '../policy';

/**
 * The arithmetic of refunds, judged against the sale as its `points.awarded` event recorded it
 * (never today's rates, bonuses, tiers or rules), and cumulative: what a sale keeps is computed from
 * all that was refunded so far, so many small refunds take back exactly what one large one would.
 * Pure.
 */

/** What a refund asks for: cents, items returned (orders only), or neither (a void: all that is left). */
export interface RefundAsked {
  amountCents?: number;
  items?: { name: string; quantity: number }[];
}

/** Why a refund cannot be made; each is `refund_exceeds_sale` to the client, except `items_on_transaction` (400). */
export type RefundRefusal = 'fully_refunded' | 'amount_exceeds_sale' | 'item_not_in_sale' | 'item_quantity_exceeds_sale' | 'items_on_transaction';

export type RefundFigures =
  | { ok: false; refusal: RefundRefusal; item?: string }
  | {
      ok: true;
      amountCents: number;
      items: { name: string; quantity: number }[];
      basePoints: number;
      productPoints: number;
      refundedCentsTotal: number;
      pointsRemovedTotal: number;
    };

/** One line of the sale, with how many of it were returned before this refund and by it. */
interface Line {
  key: string;
  item: LineItem;
  returnedBefore: number;
  returnedNow: number;
}

export function refundFigures(sale: PointsAwardedData, earlier: readonly PointsRefundedData[], asked: RefundAsked): RefundFigures {
  if (asked.items && !sale.line_items) return { ok: false, refusal: 'items_on_transaction' };
  const A = sale.amount_cents;
  const refundedBefore = sum(earlier.map((r) => r.amount_cents));
  const lines = linesOf(sale, earlier);
  if (refundedBefore >= A && lines.every((l) => l.returnedBefore === l.item.quantity)) return { ok: false, refusal: 'fully_refunded' };

  const returned = returnItems(lines, asked.items ?? []);
  if (returned) return { ok: false, ...returned };
  const amountCents = asked.amountCents ?? (asked.items ? sum(lines.map((l) => priceOf(l))) : A - refundedBefore);
  const refundedCentsTotal = refundedBefore + amountCents;
  if (refundedCentsTotal > A) return { ok: false, refusal: 'amount_exceeds_sale' };
  // A refund that brings the cents to the sale's amount returns every item not yet returned.
  if (refundedCentsTotal === A) for (const l of lines) l.returnedNow = l.item.quantity - l.returnedBefore;

  const baseRemovedTotal = sale.base_points - baseKept(sale, A - refundedCentsTotal);
  const productRemovedTotal = sale.product_points - productKept(sale, lines, A - refundedCentsTotal);
  const base = Math.max(0, baseRemovedTotal - sum(earlier.map((r) => r.base_points)));
  const product = Math.max(0, productRemovedTotal - sum(earlier.map((r) => r.product_points)));
  return {
    ok: true,
    amountCents,
    items: itemsReturnedNow(lines),
    basePoints: base,
    productPoints: product,
    refundedCentsTotal,
    pointsRemovedTotal: sum(earlier.map((r) => r.points_removed)) + base + product,
  };
}

/** floor((A − R) / 100 × earn_rate × bonus × tier), with the sale's own recorded rate and multipliers. */
function baseKept(sale: PointsAwardedData, keptCents: number): number {
  return basePoints({
    amountCents: keptCents,
    earnRate: parseDecimal4(sale.earn_rate),
    bonusMultiplier: parseDecimal4(sale.bonus?.multiplier ?? '1'),
    tierMultiplier: parseDecimal4(sale.tier?.multiplier ?? '1'),
  });
}

/**
 * The sale's own rules on the quantities kept. A sale recorded before rules carried their
 * definition (type, match, quantity, points per group) keeps its product points pro rata to the
 * cents kept (docs/points.md).
 */
function productKept(sale: PointsAwardedData, lines: readonly Line[], keptCents: number): number {
  if (sale.product_points === 0) return 0;
  const rules = sale.rules.map(ruleOf);
  if (rules.some((r) => r === null)) {
    return sale.amount_cents === 0 ? 0 : Number((BigInt(sale.product_points) * BigInt(keptCents)) / BigInt(sale.amount_cents));
  }
  const kept = lines.map((l) => ({ ...l.item, quantity: l.item.quantity - l.returnedBefore - l.returnedNow }));
  return productPoints(kept, rules as ProductEarnRule[]).points;
}

function ruleOf(r: AwardedRule): ProductEarnRule | null {
  if (r.type === undefined || r.match === undefined || r.quantity === undefined || r.rule_points === undefined) return null;
  return { name: r.name, type: r.type, match: r.match, quantity: r.quantity, points: r.rule_points };
}

/** The sale's lines, each with what earlier refunds returned of it (taken line by line, in order, per name). */
function linesOf(sale: PointsAwardedData, earlier: readonly PointsRefundedData[]): Line[] {
  const lines: Line[] = (sale.line_items ?? []).map((i) => ({
    key: matchKey(i.name),
    item: { name: i.name, category: i.category, quantity: i.quantity, unitPriceCents: i.unit_price_cents },
    returnedBefore: 0,
    returnedNow: 0,
  }));
  for (const refund of earlier) for (const item of refund.items) allocate(lines, matchKey(item.name), item.quantity, 'returnedBefore');
  return lines;
}

/** Puts this refund's items on the lines; a refusal when an item was not bought or not that many are left. */
function returnItems(lines: Line[], items: readonly { name: string; quantity: number }[]): { refusal: RefundRefusal; item: string } | null {
  const asked = new Map<string, { name: string; quantity: number }>();
  for (const i of items) {
    const key = matchKey(i.name);
    const held = asked.get(key);
    asked.set(key, { name: held?.name ?? i.name, quantity: (held?.quantity ?? 0) + i.quantity });
  }
  for (const [key, { name, quantity }] of asked) {
    const same = lines.filter((l) => l.key === key);
    if (same.length === 0) return { refusal: 'item_not_in_sale', item: name };
    if (quantity > sum(same.map((l) => l.item.quantity - l.returnedBefore))) return { refusal: 'item_quantity_exceeds_sale', item: name };
    allocate(lines, key, quantity, 'returnedNow');
  }
  return null;
}

/** Returns `quantity` of the item named `key` from its lines in order, each up to what is left of it. */
function allocate(lines: Line[], key: string, quantity: number, into: 'returnedBefore' | 'returnedNow'): void {
  let left = quantity;
  for (const l of lines) {
    if (l.key !== key || left === 0) continue;
    const take = Math.min(left, l.item.quantity - l.returnedBefore - l.returnedNow);
    l[into] += take;
    left -= take;
  }
}

function priceOf(l: Line): number {
  return l.returnedNow * l.item.unitPriceCents;
}

function itemsReturnedNow(lines: readonly Line[]): { name: string; quantity: number }[] {
  const byKey = new Map<string, { name: string; quantity: number }>();
  for (const l of lines) {
    if (l.returnedNow === 0) continue;
    const held = byKey.get(l.key);
    byKey.set(l.key, { name: held?.name ?? l.item.name, quantity: (held?.quantity ?? 0) + l.returnedNow });
  }
  return [...byKey.values()];
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
