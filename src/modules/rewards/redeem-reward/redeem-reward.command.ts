import { Command } from '@nestjs/cqrs';
import { OrganizationContext } from '../../../common/http/current-organization.decorator';
import { CustomerIdentifier } from '../../points/award-points/award-points.command';

export interface RedeemRewardResult {
  customer: { loyaltyCode: string; name: string; pointsBalance: number };
  rewardId: string;
  redemptionId: string;
  duplicate: boolean;
}

export class RedeemRewardCommand extends Command<RedeemRewardResult> {
  readonly organizationId: string;

  constructor(
    /** The calling key: the redemption is scoped to its organization, and written only while the key is active. */
    readonly caller: OrganizationContext,
    readonly identifier: CustomerIdentifier,
    readonly rewardId: string,
    readonly externalRef: string | null,
    readonly requestId: string,
  ) {
    super();
    this.organizationId = caller.organizationId;
  }
}
