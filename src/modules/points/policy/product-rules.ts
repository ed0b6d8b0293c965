import { assertSafeIntegerAtLeast, assertSafeNonNegativeInteger, toSafeNumber } from '../../../kernel/integers';
import { LineItem } from './line-items';
import { matchKey } from './match-key';

export type ProductEarnRuleType = 'product' | 'category' | 'bulk';

/** "Every `quantity` matching units earn `points`". */
export interface ProductEarnRule {
  name: string;
  /** product and bulk match the item name, category matches the item category. */
  type: ProductEarnRuleType;
  match: string;
  /** N >= 1 (bulk: N >= 2, otherwise it is just a product rule). */
  quantity: number;
  /** P >= 1 */
  points: number;
}

export interface AppliedRule {
  name: string;
  points: number;
  /** The rule as it was when it gave the points: recorded with the sale, so a refund recomputes with it. */
  rule: ProductEarnRule;
}

export interface ProductPointsResult {
  points: number;
  /** Only rules that gave points, in rule order. */
  applied: AppliedRule[];
}

/**
 * Points from product rules: each rule awards floor(matching units / N) × P, counting
 * units across all lines (2 + 1 coffees on separate lines are 3 coffees). Every
 * matching rule adds up; they do not compete the way bonuses do.
 */
export function productPoints(items: readonly LineItem[], rules: readonly ProductEarnRule[]): ProductPointsResult {
  const applied: AppliedRule[] = [];
  let total = 0n;
  for (const rule of rules) {
    const points = pointsForRule(items, rule);
    if (points > 0) {
      applied.push({ name: rule.name, points, rule: { name: rule.name, type: rule.type, match: rule.match, quantity: rule.quantity, points: rule.points } });
      total += BigInt(points);
    }
  }
  return { points: toSafeNumber(total, 'product points'), applied };
}

/** Points one rule gives for the whole sale. */
export function pointsForRule(items: readonly LineItem[], rule: ProductEarnRule): number {
  assertValidRule(rule);
  const units = BigInt(matchingUnits(items, rule));
  const groups = units / BigInt(rule.quantity); // BigInt division floors non-negative values
  return toSafeNumber(groups * BigInt(rule.points), `points of rule "${rule.name}"`);
}

function matchingUnits(items: readonly LineItem[], rule: ProductEarnRule): number {
  const wanted = matchKey(rule.match);
  let units = 0;
  for (const item of items) {
    assertSafeNonNegativeInteger(item.quantity, 'quantity');
    const value = rule.type === 'category' ? item.category : item.name;
    if (value != null && matchKey(value) === wanted) {
      units += item.quantity;
    }
  }
  assertSafeNonNegativeInteger(units, 'matching quantity');
  return units;
}

// Stored rules are validated on write; a rule that slipped through must not award by accident.
function assertValidRule(rule: ProductEarnRule): void {
  assertSafeIntegerAtLeast(rule.quantity, rule.type === 'bulk' ? 2 : 1, `quantity of rule "${rule.name}"`);
  assertSafeIntegerAtLeast(rule.points, 1, `points of rule "${rule.name}"`);
}
