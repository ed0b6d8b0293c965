import { CUSTOMER_REGISTERED, ProposedEvent } from '../../customer-stream/customer-events';

/** A new customer as the POS registers them: the name, email and birthday already validated and normalized. */
export interface Registration {
  name: string;
  email: string | null;
  birthday: string | null;
}

/** The first event of a new customer's stream, with the loyalty code chosen for them. Pure. */
export function decideRegistration(registration: Registration, loyaltyCode: string): ProposedEvent[] {
  return [
    { type: CUSTOMER_REGISTERED, data: { loyalty_code: loyaltyCode, name: registration.name, email: registration.email, birthday: registration.birthday } },
  ];
}
