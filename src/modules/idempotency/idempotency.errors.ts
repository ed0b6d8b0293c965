import { ApiError } from '../../common/errors/api-error';

export class IdempotencyConflictError extends ApiError {
  constructor() {
    super('idempotency_conflict', 'This external_ref was already used for a different request.');
  }
}
