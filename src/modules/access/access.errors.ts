import { ApiError } from '../../common/errors/api-error';

export { INVALID_ADMIN_TOKEN_MESSAGE, INVALID_API_KEY_MESSAGE } from '../../common/errors/auth-messages';

export interface LimitHeaders {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export function limitHeaders({ limit, remaining, resetSeconds }: LimitHeaders): Record<string, string> {
  return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(Math.max(0, remaining)), 'x-ratelimit-reset': String(resetSeconds) };
}

export class UnauthorizedError extends ApiError {
  constructor(message: string, headers?: Record<string, string>) {
    super('unauthorized', message, undefined, headers);
  }
}

export class RateLimitedError extends ApiError {
  constructor(limit: number, resetSeconds: number) {
    super('rate_limited', 'Too many requests. Retry after the time given in Retry-After.', undefined, {
      ...limitHeaders({ limit, remaining: 0, resetSeconds }),
      'retry-after': String(Math.max(1, resetSeconds)),
    });
  }
}
