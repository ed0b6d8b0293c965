import { ApiError } from '../../common/errors/api-error';

export class CustomerNotFoundError extends ApiError {
  constructor() {
    super('customer_not_found', 'No customer matches this identifier.');
  }
}
