/**
 * The one table of error codes and their HTTP statuses. Domain code raises errors by code and never
 * names a status; the global filter looks the status up here.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  customer_not_found: 404,
  reward_not_found: 404,
  sale_not_found: 404,
  redemption_not_found: 404,
  idempotency_conflict: 409,
  email_taken: 409,
  payload_too_large: 413,
  amount_too_low: 422,
  insufficient_points: 422,
  tier_locked: 422,
  reward_unavailable: 422,
  refund_exceeds_sale: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  field: string;
  message: string;
}
