import { CUSTOMER_UPDATED, CustomerUpdatedData } from '../../customer-stream/customer-events';
import { CustomerState } from '../../customer-stream/customer-state';
import { Decision } from '../../customer-stream/customer-stream.port';

/**
 * A correction as the POS sends it, already validated and normalized (email trimmed and
 * lower-cased): an absent field stays as it is, null removes an email or a birthday.
 */
export interface Correction {
  name?: string;
  email?: string | null;
  birthday?: string | null;
}

export type CorrectedField = keyof CustomerUpdatedData;

/** What the correction changed, in a fixed order. */
export interface CorrectionOutcome {
  changed: CorrectedField[];
}

const FIELDS: readonly CorrectedField[] = ['name', 'email', 'birthday'];

/**
 * `customer.updated` with the fields whose value differs from the customer's, and only those; no
 * event at all when nothing differs (a correction sent twice records it once). Whether another
 * customer has the email is not this function's to know: the unique index decides when the change
 * is written (409 email_taken). Pure.
 */
export function decideCustomerUpdate(correction: Correction, customer: CustomerState): Decision<CorrectionOutcome> {
  const data: CustomerUpdatedData = {};
  const changed: CorrectedField[] = [];
  for (const field of FIELDS) {
    const value = correction[field];
    if (value === undefined || value === customer[field]) continue;
    (data as Record<CorrectedField, string | null>)[field] = value;
    changed.push(field);
  }
  return { events: changed.length ? [{ type: CUSTOMER_UPDATED, data }] : [], outcome: { changed } };
}
