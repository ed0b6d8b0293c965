import { CustomerNotFoundError } from './customers.errors';
import { normalizeEmail } from './email';
import { normalizeLoyaltyCode } from './loyalty-code';

/** Which column finds the customer, and the normalized value to look for. */
export interface CustomerLookup {
  by: 'loyalty_code' | 'email';
  value: string;
}

/** An identifier that cannot name anyone (a malformed code) is simply a customer that does not exist. */
export function customerLookupOf(identifier: { type: 'loyalty_code' | 'email'; value: string }): CustomerLookup {
  if (identifier.type === 'email') return { by: 'email', value: normalizeEmail(identifier.value) };
  const code = normalizeLoyaltyCode(identifier.value);
  if (!code) throw new CustomerNotFoundError();
  return { by: 'loyalty_code', value: code };
}
