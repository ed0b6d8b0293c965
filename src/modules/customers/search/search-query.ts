import { InvalidRequestError } from '../../../common/errors/api-error';
import { FieldError } from '../../../common/errors/error-codes';
import { integerParam } from '../../../common/validation/query-params';
import { normalizeLoyaltyCode } from '../loyalty-code';
import { MAX_QUERY_LENGTH, searchPatternOf } from './search-pattern';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

export interface SearchQuery {
  /** An ILIKE pattern; null lists every customer. */
  pattern: string | null;
  limit: number;
  /** Customers after this loyalty code ('' from the first). */
  after: string;
}

/** Reads `?query=&limit=&after=`, each error naming its parameter. */
export function parseSearchQuery(query: Record<string, unknown>): SearchQuery {
  const errors: FieldError[] = [];
  const limit = integerParam(query.limit, 'limit', { min: 1, max: MAX_SEARCH_LIMIT, fallback: DEFAULT_SEARCH_LIMIT }, errors);
  const pattern = patternParam(query.query, errors);
  const after = afterParam(query.after, errors);
  if (errors.length) throw new InvalidRequestError(`${errors[0].field}: ${errors[0].message}`, errors);
  return { pattern, limit, after };
}

function patternParam(raw: unknown, errors: FieldError[]): string | null {
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return null;
  if (typeof raw !== 'string' || raw.length > MAX_QUERY_LENGTH) {
    errors.push({ field: 'query', message: `must be text of at most ${MAX_QUERY_LENGTH} characters` });
    return null;
  }
  const searched = searchPatternOf(raw);
  if (searched.ok) return searched.pattern;
  errors.push({ field: 'query', message: searched.reason });
  return null;
}

/** `after` is the `next_after` of the previous page: a loyalty code. */
function afterParam(raw: unknown, errors: FieldError[]): string {
  if (raw === undefined) return '';
  const code = typeof raw === 'string' ? normalizeLoyaltyCode(raw) : null;
  if (code) return code;
  errors.push({ field: 'after', message: 'must be the next_after of the previous page (a loyalty code)' });
  return '';
}
