import { CustomerNotFoundError } from '../customer-stream/customer-stream.errors';
import { normalizeEmail } from './email';
import { normalizeLoyaltyCode } from './loyalty-code';

/** Which column finds the customer, and the normalized value to look for. */
export interface CustomerLookup {
  by: 'loyalty_code' | 'email';
  value: string;
}

/**
 * The column a lookup searches, and the type of an array of its values in a statement over many
 * lookups: codes as char(8), the column's own type, so that the unique index finds them.
 */
export function lookupColumn(by: CustomerLookup['by']): { column: string; arrayType: string } {
  return by === 'email' ? { column: 'email', arrayType: 'text[]' } : { column: 'loyalty_code', arrayType: 'bpchar[]' };
}

/** An identifier that cannot name anyone (a malformed code) is simply a customer that does not exist. */
export function customerLookupOf(identifier: { type: 'loyalty_code' | 'email'; value: string }): CustomerLookup {
  if (identifier.type === 'email') return { by: 'email', value: normalizeEmail(identifier.value) };
  const code = normalizeLoyaltyCode(identifier.value);
  if (!code) throw new CustomerNotFoundError();
  return { by: 'loyalty_code', value: code };
}
