import { Command } from '@nestjs/cqrs';
import { OrganizationContext } from '../../../common/http/current-organization.decorator';
import { CustomerState } from '../../customer-stream/customer-state';
import { CorrectedField, Correction } from './decide-customer-update';

export interface UpdateCustomerResult {
  /** The customer after the correction. */
  customer: CustomerState;
  changed: CorrectedField[];
}

export class UpdateCustomerCommand extends Command<UpdateCustomerResult> {
  readonly organizationId: string;

  constructor(
    /** The calling key: the customer is found in its organization, and changed only while the key is active. */
    readonly caller: OrganizationContext,
    /** Already normalized. */
    readonly loyaltyCode: string,
    /** Already validated; the email trimmed and lower-cased. */
    readonly correction: Correction,
    readonly requestId: string,
  ) {
    super();
    this.organizationId = caller.organizationId;
  }
}
