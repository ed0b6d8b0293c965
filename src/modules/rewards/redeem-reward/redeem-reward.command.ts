import { Command } from '@nestjs/cqrs';
import { CustomerIdentifier } from '../../points/award-points/award-points.command';

export interface RedeemRewardResult {
  customer: { loyaltyCode: string; name: string; pointsBalance: number };
  rewardId: string;
  redemptionId: string;
  duplicate: boolean;
}

export class RedeemRewardCommand extends Command<RedeemRewardResult> {
  constructor(
    readonly organizationId: string,
    readonly identifier: CustomerIdentifier,
    readonly rewardId: string,
    readonly externalRef: string | null,
    readonly requestId: string,
  ) {
    super();
  }
}
