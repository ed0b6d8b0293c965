import { InvalidRequestError } from '../../../common/errors/api-error';
import { FieldError } from '../../../common/errors/error-codes';

export const DEFAULT_FEED_LIMIT = 100;
export const MAX_FEED_LIMIT = 1000;

export interface FeedQuery {
  after: number;
  limit: number;
}

/**
 * Reads `?after=&limit=`: `after` an integer ≥ 0 (default 0), `limit` an integer 1..1000 (default
 * 100), both plain decimal digits. Anything else (a sign, a fraction, a repeated parameter) is 400
 * `invalid_request` naming the field; a silent fallback would hand an auditor a page they did not ask for.
 */
export function parseFeedQuery(query: Record<string, unknown>): FeedQuery {
  const errors: FieldError[] = [];
  const after = integerParam(query.after, 'after', 0, Number.MAX_SAFE_INTEGER, 0, errors);
  const limit = integerParam(query.limit, 'limit', 1, MAX_FEED_LIMIT, DEFAULT_FEED_LIMIT, errors);
  if (errors.length) throw new InvalidRequestError(`${errors[0].field}: ${errors[0].message}`, errors);
  return { after, limit };
}

function integerParam(raw: unknown, field: string, min: number, max: number, fallback: number, errors: FieldError[]): number {
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  errors.push({ field, message: `must be an integer from ${min} to ${max}` });
  return fallback;
}
