import { Command } from '@nestjs/cqrs';
import { OrganizationContext } from '../../../common/http/current-organization.decorator';
import { CustomerAccount } from '../customer-account';

export interface RegisterCustomerResult {
  customer: Pick<CustomerAccount, 'id' | 'loyaltyCode' | 'name' | 'email' | 'pointsBalance'>;
  /** True when the email was already known: that customer is returned unchanged. */
  existing: boolean;
}

export class RegisterCustomerCommand extends Command<RegisterCustomerResult> {
  readonly organizationId: string;

  constructor(
    /** The calling key: the customer belongs to its organization, and is written only while the key is active. */
    readonly caller: OrganizationContext,
    readonly name: string,
    /** Already normalized (trimmed, lower-cased). */
    readonly email: string | null,
    /** YYYY-MM-DD, already validated. */
    readonly birthday: string | null,
    readonly requestId: string,
  ) {
    super();
    this.organizationId = caller.organizationId;
  }
}
