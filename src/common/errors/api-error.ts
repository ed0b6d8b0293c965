import { ErrorCode, FieldError } from './error-codes';

/**
 * An error a client can cause, with a stable code. Domain modules subclass it (or use it directly);
 * it carries no HTTP status: the filter maps the code through ERROR_STATUS.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
    /** Extra response headers, e.g. Retry-After on rate limits. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidRequestError extends ApiError {
  constructor(message = 'The request is invalid.', details?: FieldError[]) {
    super('invalid_request', message, details);
  }
}

export class NotFoundError extends ApiError {
  constructor(message = 'Not found.') {
    super('not_found', message);
  }
}

export class ServiceUnavailableError extends ApiError {
  constructor(message = 'The service is temporarily unavailable. Safe to retry.') {
    super('unavailable', message);
  }
}
