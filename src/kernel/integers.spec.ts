import { assertSafeIntegerAtLeast, assertSafeNonNegativeInteger, toSafeNumber } from './integers';

describe('integer guards', () => {
  it('accept safe non-negative integers', () => {
    expect(() => assertSafeNonNegativeInteger(0, 'x')).not.toThrow();
    expect(() => assertSafeNonNegativeInteger(Number.MAX_SAFE_INTEGER, 'x')).not.toThrow();
  });

  it.each([-1, 0.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1])('reject %p with RangeError', (value) => {
    expect(() => assertSafeNonNegativeInteger(value, 'x')).toThrow(RangeError);
  });

  it('enforce a minimum', () => {
    expect(() => assertSafeIntegerAtLeast(2, 2, 'n')).not.toThrow();
    expect(() => assertSafeIntegerAtLeast(1, 2, 'n')).toThrow(RangeError);
  });

  it('convert a BigInt back to a number only while it stays exact', () => {
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'v')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'v')).toThrow(RangeError);
  });
});
