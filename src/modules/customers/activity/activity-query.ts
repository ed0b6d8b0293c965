import { InvalidRequestError } from '../../../common/errors/api-error';
import { FieldError } from '../../../common/errors/error-codes';
import { integerParam } from '../../../common/validation/query-params';
import { ActivityCursor, decodeActivityCursor } from './activity-cursor';

export const DEFAULT_ACTIVITY_LIMIT = 20;
export const MAX_ACTIVITY_LIMIT = 100;

export interface ActivityQuery {
  limit: number;
  /** Null: the newest items. */
  before: ActivityCursor | null;
}

export class InvalidCursorError extends InvalidRequestError {
  constructor() {
    super("before: not a cursor of this customer's activity (pass next_before back as it came).", [
      { field: 'before', message: "not a cursor of this customer's activity" },
    ]);
  }
}

/** Reads `?limit=&before=`: limit 1..100 (default 20), before a cursor from an earlier page. */
export function parseActivityQuery(query: Record<string, unknown>): ActivityQuery {
  const errors: FieldError[] = [];
  const limit = integerParam(query.limit, 'limit', { min: 1, max: MAX_ACTIVITY_LIMIT, fallback: DEFAULT_ACTIVITY_LIMIT }, errors);
  if (errors.length) throw new InvalidRequestError(`${errors[0].field}: ${errors[0].message}`, errors);
  if (query.before === undefined) return { limit, before: null };
  const before = typeof query.before === 'string' ? decodeActivityCursor(query.before) : null;
  if (!before) throw new InvalidCursorError();
  return { limit, before };
}
