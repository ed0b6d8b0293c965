import { assertSafeNonNegativeInteger, toSafeNumber } from '../../../kernel/integers';

/** One line of a sale as sent by the POS. */
export interface LineItem {
  name: string;
  category?: string | null;
  quantity: number;
  unitPriceCents: number;
}

/**
 * Σ quantity × unitPriceCents. Products are summed in BigInt because a single
 * line can overflow the safe range even when the inputs are safe.
 */
export function sumLineItemsCents(items: readonly LineItem[]): number {
  let total = 0n;
  for (const item of items) {
    assertSafeNonNegativeInteger(item.quantity, 'quantity');
    assertSafeNonNegativeInteger(item.unitPriceCents, 'unitPriceCents');
    total += BigInt(item.quantity) * BigInt(item.unitPriceCents);
  }
  return toSafeNumber(total, 'line items total');
}
