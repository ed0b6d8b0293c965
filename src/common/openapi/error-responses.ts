import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { INVALID_ADMIN_TOKEN_MESSAGE, INVALID_API_KEY_MESSAGE } from '../errors/auth-messages';
import { ERROR_STATUS, ErrorCode } from '../errors/error-codes';

export class FieldErrorView {
  @ApiProperty({ description: 'The offending field, dotted for nested ones.', example: 'amount_cents' })
  field!: string;

  @ApiProperty({ example: 'amount_cents must not be less than 1' })
  message!: string;
}

export class ErrorBodyView {
  @ApiProperty({ enum: Object.keys(ERROR_STATUS), description: 'Stable: program against it.', example: 'customer_not_found' })
  code!: ErrorCode;

  @ApiProperty({ description: 'For people; may be reworded.', example: 'No customer matches this identifier.' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorView], description: 'Validation errors only: one entry per field.' })
  details?: FieldErrorView[];
}

/** The body of every error, of every route: `{ "error": { "code", "message", "details"? } }`. */
export class ErrorEnvelope {
  @ApiProperty({ type: ErrorBodyView })
  error!: ErrorBodyView;
}

/** A typical message per code, for the examples; the POS and admin APIs differ only in 401. */
const EXAMPLE_MESSAGES: Record<ErrorCode, string> = {
  invalid_request: 'amount_cents: amount_cents must not be less than 1',
  unauthorized: INVALID_API_KEY_MESSAGE,
  not_found: 'No such organization.',
  customer_not_found: 'No customer matches this identifier.',
  reward_not_found: 'No active, currently available reward has this id.',
  sale_not_found: 'No sale of this organization has this external_ref.',
  redemption_not_found: 'No redemption of this organization has this id.',
  idempotency_conflict: 'This external_ref was already used for a different request.',
  email_taken: 'Another customer of this organization already has this email.',
  payload_too_large: 'The request body is larger than 100 KB.',
  amount_too_low: 'The purchase earns less than 1 point; nothing was recorded.',
  insufficient_points: 'The customer does not have enough points for this reward.',
  tier_locked: 'This reward needs the Gold tier.',
  reward_unavailable: 'This reward is out of stock.',
  refund_exceeds_sale: 'This refund asks for more than is left of the sale.',
  rate_limited: 'Too many requests. Retry after the time given in Retry-After.',
  internal_error: 'Something went wrong on our side. The request id identifies it in our logs.',
  unavailable: 'The service is temporarily unavailable. Safe to retry.',
};

/** When each code is answered (docs/integration.md has the full table). */
const MEANINGS: Record<ErrorCode, string> = {
  invalid_request: 'a field is missing or out of range (see `details`), the body is not a JSON object, or the content type is not `application/json`',
  unauthorized: 'missing, malformed, unknown or revoked credentials; never retry',
  not_found: 'no such organization or object (also for an id that is not a UUID)',
  customer_not_found: 'no customer of this organization matches the identifier',
  reward_not_found: 'no active, currently available reward of this organization has this id',
  sale_not_found: 'no transaction or order of this organization was recorded with this `sale_external_ref`',
  redemption_not_found: 'no redemption of this organization has this id',
  idempotency_conflict: 'this `external_ref` was already recorded for a different request; nothing recorded',
  email_taken: 'another customer of the organization already has this email; nothing changed',
  payload_too_large: 'the body is over 100 KB',
  amount_too_low: 'the purchase earns less than 1 point; nothing recorded, the `external_ref` is still free',
  insufficient_points: "the customer's balance is below the reward's cost",
  tier_locked: "the customer's tier is below the reward's `min_tier`",
  reward_unavailable: "the reward's stock is used up",
  refund_exceeds_sale: 'more cents or items than are left of the sale (or the sale is fully refunded already); nothing recorded',
  rate_limited: 'too many requests (per key, or failed authentications per address); retry after `Retry-After`',
  internal_error: 'unexpected failure; the `X-Request-Id` finds it in the logs',
  unavailable: 'the database is unreachable or busy, or the service is restarting; safe to retry with backoff',
};

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } };

/**
 * Documents the error responses of one route: one response per status, with the envelope schema
 * narrowed to the codes the route can answer and one example per code.
 */
function apiErrors(unauthorizedMessage: string, codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const responses = [...byStatus].map(([status, group]) =>
    ApiResponse({
      status,
      description: group.map((code) => `\`${code}\`: ${MEANINGS[code]}.`).join(' '),
      headers: status === 429 || status === 503 ? RETRY_AFTER : undefined,
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: getSchemaPath(ErrorEnvelope) },
              { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string', enum: group } } } } },
            ],
          },
          examples: Object.fromEntries(
            group.map((code) => [
              code,
              {
                summary: code,
                value: {
                  error: {
                    code,
                    message: code === 'unauthorized' ? unauthorizedMessage : EXAMPLE_MESSAGES[code],
                    ...(code === 'invalid_request' ? { details: [{ field: 'amount_cents', message: 'amount_cents must not be less than 1' }] } : {}),
                  },
                },
              },
            ]),
          ),
        },
      },
    }),
  );
  return applyDecorators(ApiExtraModels(ErrorEnvelope, ErrorBodyView, FieldErrorView), ...responses);
}

/** What any route can answer, whatever it does. */
const ALWAYS: ErrorCode[] = ['unauthorized', 'rate_limited', 'internal_error', 'unavailable'];
/** What any route with a JSON body can answer besides. */
export const BODY_ERRORS: ErrorCode[] = ['invalid_request', 'payload_too_large'];

/** The errors of a POS route (`/api/v1`): the route's own codes plus authentication, limits and outages. */
export const PosErrors = (...codes: ErrorCode[]) => apiErrors(INVALID_API_KEY_MESSAGE, [...codes, ...ALWAYS]);

/** The errors of an admin route (`/api/admin/v1`). */
export const AdminErrors = (...codes: ErrorCode[]) => apiErrors(INVALID_ADMIN_TOKEN_MESSAGE, [...codes, ...ALWAYS]);

/** Exactly the given codes (routes outside both APIs, such as the health checks). */
export const ApiErrors = (...codes: ErrorCode[]) => apiErrors(INVALID_API_KEY_MESSAGE, codes);
