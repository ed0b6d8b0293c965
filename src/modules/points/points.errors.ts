import { ApiError } from '../../common/errors/api-error';

export class AmountTooLowError extends ApiError {
  constructor() {
    super('amount_too_low', 'The purchase earns less than 1 point; nothing was recorded.');
  }
}

/**
 * Points past Number.MAX_SAFE_INTEGER (2^53 − 1) cannot be counted exactly, in JSON or in the
 * replay. Only rates near their maximum reach it (1000 × 1000 × 1000 on 10 million): refused like
 * any value out of range, nothing recorded.
 */
export class PointsOutOfRangeError extends ApiError {
  constructor() {
    super('invalid_request', `This purchase would take the customer past ${Number.MAX_SAFE_INTEGER} points, more than can be counted exactly.`, [
      { field: 'amount_cents', message: "too large for the organization's rates" },
    ]);
  }
}

/** A negative adjustment larger than the balance: a balance never goes below zero. */
export class AdjustmentOverdrawsError extends ApiError {
  constructor(balance: number) {
    super('insufficient_points', `The customer has ${balance} points: a negative adjustment cannot take the balance below 0.`);
  }
}

/** A positive adjustment that would take lifetime points past what can be counted exactly. */
export class AdjustmentOutOfRangeError extends ApiError {
  constructor() {
    super('invalid_request', `This adjustment would take the customer past ${Number.MAX_SAFE_INTEGER} points, more than can be counted exactly.`, [
      { field: 'points', message: 'too large for this customer' },
    ]);
  }
}
