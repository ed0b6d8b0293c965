import { sumLineItemsCents } from './line-items';

describe('sumLineItemsCents', () => {
  it('sums quantity × unit price over all lines', () => {
    const items = [
      { name: 'Coffee', quantity: 2, unitPriceCents: 350 },
      { name: 'Croissant', quantity: 1, unitPriceCents: 180 },
    ];
    expect(sumLineItemsCents(items)).toBe(880);
  });

  it('is 0 for no lines', () => {
    expect(sumLineItemsCents([])).toBe(0);
  });

  it('accepts a total of exactly Number.MAX_SAFE_INTEGER', () => {
    const items = [{ name: 'x', quantity: 1, unitPriceCents: Number.MAX_SAFE_INTEGER }];
    expect(sumLineItemsCents(items)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('throws RangeError past Number.MAX_SAFE_INTEGER, across lines or within one line', () => {
    const acrossLines = [
      { name: 'a', quantity: 1, unitPriceCents: Number.MAX_SAFE_INTEGER },
      { name: 'b', quantity: 1, unitPriceCents: 1 },
    ];
    const withinLine = [{ name: 'a', quantity: 2 ** 30, unitPriceCents: 2 ** 30 }];
    expect(() => sumLineItemsCents(acrossLines)).toThrow(RangeError);
    expect(() => sumLineItemsCents(withinLine)).toThrow(RangeError);
  });

  it.each([-1, 1.5, NaN])('throws RangeError for the quantity %p', (quantity) => {
    expect(() => sumLineItemsCents([{ name: 'a', quantity, unitPriceCents: 1 }])).toThrow(RangeError);
  });

  it('throws RangeError for a negative unit price', () => {
    expect(() => sumLineItemsCents([{ name: 'a', quantity: 1, unitPriceCents: -5 }])).toThrow(RangeError);
  });
});
