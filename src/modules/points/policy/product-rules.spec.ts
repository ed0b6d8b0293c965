import { LineItem } from './line-items';
import { pointsForRule, ProductEarnRule, productPoints } from './product-rules';

const item = (name: string, quantity: number, category: string | null = null): LineItem => ({
  name,
  category,
  quantity,
  unitPriceCents: 100,
});

const rule = (overrides: Partial<ProductEarnRule> & Pick<ProductEarnRule, 'name' | 'match'>): ProductEarnRule => ({
  type: 'product',
  quantity: 1,
  points: 10,
  ...overrides,
});

describe('productPoints', () => {
  it('awards P points per matching unit for a product rule with N = 1', () => {
    const result = productPoints([item('Espresso', 3)], [rule({ name: 'espresso', match: 'Espresso', points: 5 })]);
    expect(result).toMatchObject({ points: 15, applied: [{ name: 'espresso', points: 15 }] });
  });

  it('matches names trimmed and case-insensitively, counting units across lines', () => {
    const items = [item(' espresso', 2), item('ESPRESSO  ', 1), item('Latte', 4)];
    const result = productPoints(items, [rule({ name: 'every 3 espressos', match: 'Espresso', quantity: 3 })]);
    expect(result.points).toBe(10);
  });

  it('matches a category rule on the item category, not its name', () => {
    const items = [item('Croissant', 2, 'Pastry '), item('Pastry', 5, 'Other'), item('Muffin', 1, null)];
    const result = productPoints(items, [rule({ name: 'pastries', type: 'category', match: 'pastry', points: 3 })]);
    expect(result.points).toBe(6);
  });

  it('awards a bulk rule once per full group of N units and drops the remainder', () => {
    const bulk = rule({ name: 'six-pack', type: 'bulk', match: 'Beer', quantity: 6, points: 50 });
    expect(productPoints([item('Beer', 5)], [bulk]).points).toBe(0);
    expect(productPoints([item('Beer', 6)], [bulk]).points).toBe(50);
    expect(productPoints([item('Beer', 4), item('beer', 9)], [bulk]).points).toBe(100);
  });

  it('adds up every matching rule and lists them in rule order', () => {
    const items = [item('Espresso', 4, 'Coffee')];
    const rules = [
      rule({ name: 'coffee category', type: 'category', match: 'coffee', points: 1 }),
      rule({ name: 'espresso', match: 'espresso', points: 2 }),
      rule({ name: 'espresso pair', type: 'bulk', match: 'espresso', quantity: 2, points: 7 }),
    ];
    expect(productPoints(items, rules)).toMatchObject({
      points: 4 + 8 + 14,
      applied: [
        { name: 'coffee category', points: 4 },
        { name: 'espresso', points: 8 },
        { name: 'espresso pair', points: 14 },
      ],
    });
  });

  it('never lists a rule that gave 0 points', () => {
    const rules = [rule({ name: 'tea', match: 'Tea' }), rule({ name: 'espresso trio', type: 'bulk', match: 'espresso', quantity: 3 })];
    expect(productPoints([item('Espresso', 2)], rules)).toEqual({ points: 0, applied: [] });
  });

  it('gives nothing without items or without rules', () => {
    expect(productPoints([], [rule({ name: 'x', match: 'x' })])).toEqual({ points: 0, applied: [] });
    expect(productPoints([item('x', 1)], [])).toEqual({ points: 0, applied: [] });
  });

  it('matches accented names whatever their Unicode composition', () => {
    const result = productPoints([item('Cafe\u0301 Cre\u0300me', 1)], [rule({ name: 'crème', match: 'café crème' })]);
    expect(result.points).toBe(10);
  });
});

describe('pointsForRule validation', () => {
  it.each([
    ['a bulk rule with N < 2', rule({ name: 'b', type: 'bulk', match: 'x', quantity: 1 })],
    ['N = 0', rule({ name: 'z', match: 'x', quantity: 0 })],
    ['a fractional N', rule({ name: 'f', match: 'x', quantity: 1.5 })],
    ['P = 0', rule({ name: 'p', match: 'x', points: 0 })],
  ])('throws RangeError for %s', (_label, badRule) => {
    expect(() => pointsForRule([item('x', 3)], badRule)).toThrow(RangeError);
  });

  it('throws RangeError for a negative item quantity', () => {
    expect(() => pointsForRule([item('x', -2)], rule({ name: 'r', match: 'x' }))).toThrow(RangeError);
  });
});
