import { ApiError } from '../../../common/errors/api-error';

export class SaleNotFoundError extends ApiError {
  constructor() {
    super('sale_not_found', 'No transaction or order of this organization was recorded with this sale_external_ref.');
  }
}

export class RefundExceedsSaleError extends ApiError {
  constructor(message: string) {
    super('refund_exceeds_sale', message);
  }
}
