import { Command } from '@nestjs/cqrs';
import { CustomerAccount } from '../customer-account';

export interface RegisterCustomerResult {
  customer: CustomerAccount;
  /** True when the email was already known: that customer is returned unchanged. */
  existing: boolean;
}

export class RegisterCustomerCommand extends Command<RegisterCustomerResult> {
  constructor(
    readonly organizationId: string,
    readonly name: string,
    /** Already normalized (trimmed, lower-cased). */
    readonly email: string | null,
    /** YYYY-MM-DD, already validated. */
    readonly birthday: string | null,
    readonly requestId: string,
  ) {
    super();
  }
}
