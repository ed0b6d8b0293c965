import { ApiError } from '../../common/errors/api-error';

export class CustomerNotFoundError extends ApiError {
  constructor() {
    super('customer_not_found', 'No customer matches this identifier.');
  }
}

/** A correction to an email that another customer of the organization has (the unique index said so). */
export class EmailTakenError extends ApiError {
  constructor() {
    super('email_taken', 'Another customer of this organization already has this email.');
  }
}
