import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Clock } from '../../common/clock/clock';
import { CurrentOrganization, OrganizationContext } from '../../common/http/current-organization.decorator';
import { RequestId } from '../../common/http/request-id.decorator';
import { Database } from '../../database/database';
import { RedeemRewardCommand } from './redeem-reward/redeem-reward.command';
import { catalogueEntry } from './reward';
import { RedemptionDto } from './rewards.dto';
import { RewardsRepository } from './rewards.repository';

@Controller('api/v1')
export class RewardsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly database: Database,
    private readonly rewards: RewardsRepository,
    private readonly clock: Clock,
  ) {}

  /** The rewards a till can offer now, cheapest first. */
  @Get('rewards')
  async catalogue(@CurrentOrganization() org: OrganizationContext) {
    const rewards = await this.rewards.offered(this.database, org.organizationId, this.clock.now());
    return { rewards: rewards.map(catalogueEntry) };
  }

  /** 201 for a new redemption, 200 with `duplicate: true` for a retry of the same external_ref. */
  @Post('redemptions')
  @HttpCode(201)
  async redeem(
    @CurrentOrganization() org: OrganizationContext,
    @Body() body: RedemptionDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commands.execute(new RedeemRewardCommand(org.organizationId, body.identifier, body.reward_id, body.external_ref ?? null, requestId));
    if (result.duplicate) reply.status(200);
    return {
      customer: { loyalty_code: result.customer.loyaltyCode, name: result.customer.name, points_balance: result.customer.pointsBalance },
      reward_id: result.rewardId,
      redemption_id: result.redemptionId,
      duplicate: result.duplicate,
    };
  }
}
