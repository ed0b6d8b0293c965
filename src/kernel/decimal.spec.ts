import { formatDecimal4, isValidDecimal4, parseDecimal4, tryParseDecimal4 } from './decimal';

describe('parseDecimal4', () => {
  it.each([
    ['1.15', 11_500n],
    ['2', 20_000n],
    ['0.5', 5_000n],
    ['0.0001', 1n],
    ['0', 0n],
    ['12.3400', 123_400n],
  ])('reads the string "%s" as %p ten-thousandths', (input, expected) => {
    expect(parseDecimal4(input)).toBe(expected);
  });

  it.each([
    [1.15, 11_500n],
    [1.25, 12_500n],
    [2, 20_000n],
    [0.0001, 1n],
    [123456789.1234, 1_234_567_891_234n],
  ])('reads the number %p through its shortest string form, exactly', (input, expected) => {
    expect(parseDecimal4(input)).toBe(expected);
  });

  it('does not inherit binary floating-point error (0.57 * 10000 is 5699.999…)', () => {
    expect(0.57 * 10_000).not.toBe(5_700);
    expect(parseDecimal4(0.57)).toBe(5_700n);
  });

  it.each(['1.00001', '0.12345'])('rejects "%s" for having more than 4 decimal places', (input) => {
    expect(() => parseDecimal4(input)).toThrow(RangeError);
  });

  it('rejects a number whose shortest form has more than 4 decimal places', () => {
    expect(() => parseDecimal4(0.00001)).toThrow(RangeError);
  });

  it.each([NaN, Infinity, -Infinity, -1, -0.5, 1e21])('rejects the number %p', (input) => {
    expect(() => parseDecimal4(input)).toThrow(RangeError);
  });

  it.each(['1e3', '1E3', '-1', '-0.5', '+1', 'NaN', 'Infinity', '', ' 1', '1 ', '.5', '5.', '1,5', '0x10', 'abc'])('rejects the string "%s"', (input) => {
    expect(() => parseDecimal4(input)).toThrow(RangeError);
  });
});

describe('formatDecimal4', () => {
  it.each([
    [11_500n, '1.15'],
    [20_000n, '2'],
    [1n, '0.0001'],
    [0n, '0'],
    [5_000n, '0.5'],
    [123_456n, '12.3456'],
  ])('writes %p as the canonical "%s" without trailing zeros', (input, expected) => {
    expect(formatDecimal4(input)).toBe(expected);
  });
});

describe('isValidDecimal4', () => {
  it('accepts values inside an inclusive range given as strings, numbers or scaled bigints', () => {
    expect(isValidDecimal4('1', { min: '1', max: 10 })).toBe(true);
    expect(isValidDecimal4('10', { min: '1', max: 10 })).toBe(true);
    expect(isValidDecimal4(1.5, { min: 10_000n, max: 20_000n })).toBe(true);
  });

  it('rejects values outside the range', () => {
    expect(isValidDecimal4('0.9999', { min: '1' })).toBe(false);
    expect(isValidDecimal4('10.0001', { max: '10' })).toBe(false);
  });

  it('rejects anything that does not parse, without throwing', () => {
    for (const input of ['1.00001', '1e3', '-1', NaN, null, undefined, {}, 5n]) {
      expect(isValidDecimal4(input)).toBe(false);
    }
  });

  it('has no bounds when none are given', () => {
    expect(isValidDecimal4('0')).toBe(true);
    expect(isValidDecimal4('99999999.9999')).toBe(true);
  });
});

describe('tryParseDecimal4', () => {
  it('returns null instead of throwing for invalid input', () => {
    expect(tryParseDecimal4('x')).toBeNull();
    expect(tryParseDecimal4('1.5')).toBe(15_000n);
  });
});
