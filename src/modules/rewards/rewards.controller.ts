import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Clock } from '../../common/clock/clock';
import { CurrentOrganization, OrganizationContext } from '../../common/http/current-organization.decorator';
import { RequestId } from '../../common/http/request-id.decorator';
import { ApiJsonBody, BODY_ERRORS, POS_API_KEY, PosErrors, TAGS } from '../../common/openapi/decorators';
import { Database } from '../../database/database';
import { RedeemRewardCommand } from './redeem-reward/redeem-reward.command';
import { catalogueEntry } from './reward';
import { RedemptionDto } from './rewards.dto';
import { RewardsRepository } from './rewards.repository';
import { CatalogueResponse, RedemptionResponse } from './rewards.responses';

const FREE_COFFEE = '638e1370-2441-4941-a6d3-6b5b676e8a70';
const REDEEMED = {
  customer: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1215 },
  reward_id: FREE_COFFEE,
  redemption_id: 'e7ce55af-c9f1-4853-9426-bfb91cff4242',
  duplicate: false,
};

@ApiTags(TAGS.rewards)
@ApiBearerAuth(POS_API_KEY)
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
  @ApiOperation({
    summary: "List the business's active rewards",
    description: 'The active rewards inside their availability window now, cheapest first (then by name). Stock is checked only when redeeming.',
  })
  @ApiOkResponse({ type: CatalogueResponse, example: { rewards: [{ id: FREE_COFFEE, name: 'Free coffee', description: null, points_cost: 50, icon: '☕', min_tier: null }] } })
  @PosErrors()
  async catalogue(@CurrentOrganization() org: OrganizationContext): Promise<CatalogueResponse> {
    const rewards = await this.rewards.offered(this.database, org.organizationId, this.clock.now());
    return { rewards: rewards.map(catalogueEntry) };
  }

  /** 201 for a new redemption, 200 with `duplicate: true` for a retry of the same external_ref. */
  @Post('redemptions')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Redeem a reward for a customer',
    description:
      'Checked in this order, atomically with the balance change: customer (404 `customer_not_found`), reward active and available ' +
      "(404 `reward_not_found`), the customer's tier (422 `tier_locked`), stock (422 `reward_unavailable`), balance (422 " +
      '`insufficient_points`). Lowers `points_balance`, not lifetime points. Idempotent via `external_ref`.',
  })
  @ApiJsonBody(RedemptionDto, { seed: { summary: 'A free coffee', value: { identifier: { type: 'loyalty_code', value: 'F55EA00D' }, reward_id: FREE_COFFEE, external_ref: 'redeem-12345' } } })
  @ApiCreatedResponse({ type: RedemptionResponse, description: 'Redeemed.', example: REDEEMED })
  @ApiOkResponse({ type: RedemptionResponse, description: 'A retry of a recorded `external_ref`: `duplicate: true`, the original redemption, the current balance.', example: { ...REDEEMED, duplicate: true } })
  @PosErrors(...BODY_ERRORS, 'customer_not_found', 'reward_not_found', 'idempotency_conflict', 'tier_locked', 'reward_unavailable', 'insufficient_points')
  async redeem(
    @CurrentOrganization() org: OrganizationContext,
    @Body() body: RedemptionDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedemptionResponse> {
    const result = await this.commands.execute(new RedeemRewardCommand(org, body.identifier, body.reward_id, body.external_ref ?? null, requestId));
    if (result.duplicate) reply.status(200);
    return {
      customer: { loyalty_code: result.customer.loyaltyCode, name: result.customer.name, points_balance: result.customer.pointsBalance },
      reward_id: result.rewardId,
      redemption_id: result.redemptionId,
      duplicate: result.duplicate,
    };
  }
}
