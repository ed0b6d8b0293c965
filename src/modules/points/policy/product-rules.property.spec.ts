import fc from 'fast-check';
import { LineItem } from './line-items';
import { ProductEarnRule, productPoints } from './product-rules';

/**
 * Naive reference: ASCII names only (so trim + toLowerCase is an exact match key),
 * units counted one line at a time and groups counted by repeated subtraction.
 */
interface ReferenceResult {
  points: number;
  applied: { name: string; points: number }[];
}

function referencePoints(items: LineItem[], rules: ProductEarnRule[]): ReferenceResult {
  const applied: ReferenceResult['applied'] = [];
  for (const r of rules) {
    let units = 0;
    for (const it of items) {
      const field = r.type === 'category' ? it.category : it.name;
      if (field != null && field.trim().toLowerCase() === r.match.trim().toLowerCase()) {
        units += it.quantity;
      }
    }
    let awarded = 0;
    while (units >= r.quantity) {
      units -= r.quantity;
      awarded += r.points;
    }
    if (awarded > 0) {
      applied.push({ name: r.name, points: awarded });
    }
  }
  return { points: applied.reduce((sum, a) => sum + a.points, 0), applied };
}

// A few base words with random case and padding, so that matches are frequent.
const word = fc
  .tuple(fc.constantFrom('tea', 'coffee', 'beer'), fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' '), fc.boolean())
  .map(([w, before, after, upper]) => `${before}${upper ? w.toUpperCase() : w}${after}`);

const lineItem: fc.Arbitrary<LineItem> = fc.record({
  name: word,
  category: fc.option(word),
  quantity: fc.integer({ min: 0, max: 20 }),
  unitPriceCents: fc.integer({ min: 0, max: 1_000 }),
});

const earnRule: fc.Arbitrary<ProductEarnRule> = fc
  .record({
    name: fc.string({ maxLength: 8 }),
    type: fc.constantFrom<ProductEarnRule['type']>('product', 'category', 'bulk'),
    match: word,
    quantity: fc.integer({ min: 1, max: 7 }),
    points: fc.integer({ min: 1, max: 100 }),
  })
  .map((r) => (r.type === 'bulk' ? { ...r, quantity: Math.max(r.quantity, 2) } : r));

describe('productPoints properties', () => {
  it('equals a naive reference', () => {
    fc.assert(
      fc.property(fc.array(lineItem, { maxLength: 8 }), fc.array(earnRule, { maxLength: 6 }), (items, rules) => {
        const result = productPoints(items, rules);
        expect({ points: result.points, applied: result.applied.map(({ name, points }) => ({ name, points })) }).toEqual(referencePoints(items, rules));
      }),
      { numRuns: 500 },
    );
  });

  it('never lists a 0-point rule and its total is the sum of what it lists', () => {
    fc.assert(
      fc.property(fc.array(lineItem, { maxLength: 8 }), fc.array(earnRule, { maxLength: 6 }), (items, rules) => {
        const result = productPoints(items, rules);
        expect(result.applied.every((a) => a.points > 0)).toBe(true);
        expect(result.points).toBe(result.applied.reduce((sum, a) => sum + a.points, 0));
      }),
    );
  });

  it('does not depend on how units are split across lines', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), earnRule, (a, b, r) => {
        const split: LineItem[] = [
          { name: r.match, category: r.match, quantity: a, unitPriceCents: 1 },
          { name: r.match, category: r.match, quantity: b, unitPriceCents: 1 },
        ];
        const merged: LineItem[] = [{ name: r.match, category: r.match, quantity: a + b, unitPriceCents: 1 }];
        expect(productPoints(split, [r])).toEqual(productPoints(merged, [r]));
      }),
    );
  });
});
