/** Stored event types and their data: stable strings and snake_case fields, never class names. */
export const CUSTOMER_STREAM = 'customer';
export const CUSTOMER_REGISTERED = 'customer.registered';

export interface CustomerRegisteredData {
  loyalty_code: string;
  name: string;
  email: string | null;
  birthday: string | null;
}
