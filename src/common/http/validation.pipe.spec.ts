import { MAX_NESTING, unacceptableShape } from './validation.pipe';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('what the validation pipe refuses before validating', () => {
  it('lets real request shapes through', () => {
    expect(unacceptableShape({ identifier: { type: 'email', value: 'ann@example.com' }, line_items: [{ name: 'Latte ☕', quantity: 1 }] })).toBeUndefined();
    expect(unacceptableShape({ name: 'Zoë 👩‍👩‍👧 مرحبا' })).toBeUndefined();
  });

  it(`refuses nesting deeper than ${MAX_NESTING} levels, at any size, without overflowing itself`, () => {
    expect(unacceptableShape(nested(MAX_NESTING))).toBeUndefined();
    expect(unacceptableShape(nested(MAX_NESTING + 1))).toMatch(/nested/);
    expect(unacceptableShape({ a: nested(200_000) })).toMatch(/nested/);
  });

  it('refuses strings with a lone surrogate, anywhere, and accepts surrogate pairs', () => {
    expect(unacceptableShape({ name: 'a\ud800b' })).toMatch(/Unicode/);
    expect(unacceptableShape({ a: [{ b: '\udc00' }] })).toMatch(/Unicode/);
    expect(unacceptableShape({ name: '\ud83d\ude00' })).toBeUndefined();
  });
});
