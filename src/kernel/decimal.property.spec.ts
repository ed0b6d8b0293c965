import fc from 'fast-check';
import { formatDecimal4, parseDecimal4 } from './decimal';

describe('Decimal4 properties', () => {
  it('parseDecimal4(formatDecimal4(x)) === x for every non-negative scaled value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (x) => {
        expect(parseDecimal4(formatDecimal4(x))).toBe(x);
      }),
    );
  });

  it('reads a string built from integer parts as integer × 10^4 + fraction', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 9_999 }), (whole, fraction) => {
        const text = `${whole}.${String(fraction).padStart(4, '0')}`;
        expect(parseDecimal4(text)).toBe(BigInt(whole) * 10_000n + BigInt(fraction));
      }),
    );
  });

  it('reads a number exactly as its shortest decimal string reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 9_999 }), (whole, fraction) => {
        const asNumber = Number(`${whole}.${String(fraction).padStart(4, '0')}`);
        expect(parseDecimal4(asNumber)).toBe(parseDecimal4(String(asNumber)));
        expect(parseDecimal4(asNumber)).toBe(BigInt(whole) * 10_000n + BigInt(fraction));
      }),
    );
  });
});
