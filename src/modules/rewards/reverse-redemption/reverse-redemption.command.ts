import { Command } from '@nestjs/cqrs';
import { OrganizationContext } from '../../../common/http/current-organization.decorator';
import { ReversalOutcome } from './decide-reversal';

export interface ReverseRedemptionResult extends ReversalOutcome {
  customer: { loyaltyCode: string; name: string; pointsBalance: number };
}

/** The reward was not handed over: give the points back. */
export class ReverseRedemptionCommand extends Command<ReverseRedemptionResult> {
  readonly organizationId: string;

  constructor(
    readonly caller: OrganizationContext,
    readonly redemptionId: string,
    readonly reason: string | null,
    readonly requestId: string,
  ) {
    super();
    this.organizationId = caller.organizationId;
  }
}
