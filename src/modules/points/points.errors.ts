import { ApiError } from '../../common/errors/api-error';

export class AmountTooLowError extends ApiError {
  constructor() {
    super('amount_too_low', 'The purchase earns less than 1 point; nothing was recorded.');
  }
}
