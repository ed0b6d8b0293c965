import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
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
import { RedemptionDto, ReversalDto } from './rewards.dto';
import { ReverseRedemptionCommand } from './reverse-redemption/reverse-redemption.command';
import { RewardsRepository } from './rewards.repository';
import { CatalogueResponse, RedemptionResponse, ReversalResponse } from './rewards.responses';

const FREE_COFFEE = '638e1370-2441-4941-a6d3-6b5b676e8a70';
const REDEEMED = {
  customer: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1215 },
  reward_id: FREE_COFFEE,
  redemption_id: 'e7ce55af-c9f1-4853-9426-bfb91cff4242',
  duplicate: false,
};
const REVERSED = { customer: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1265 }, points_restored: 50, duplicate: false };

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
  @ApiOkResponse({
    type: CatalogueResponse,
    example: { rewards: [{ id: FREE_COFFEE, name: 'Free coffee', description: null, points_cost: 50, icon: '☕', min_tier: null }] },
  })
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
  @ApiJsonBody(RedemptionDto, {
    seed: {
      summary: 'A free coffee',
      value: { identifier: { type: 'loyalty_code', value: 'F55EA00D' }, reward_id: FREE_COFFEE, external_ref: 'redeem-12345' },
    },
  })
  @ApiCreatedResponse({ type: RedemptionResponse, description: 'Redeemed.', example: REDEEMED })
  @ApiOkResponse({
    type: RedemptionResponse,
    description: 'A retry of a recorded `external_ref`: `duplicate: true`, the original redemption, the current balance.',
    example: { ...REDEEMED, duplicate: true },
  })
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

  /** 201 when the points come back, 200 with `duplicate: true` when the redemption was reversed already. */
  @Post('redemptions/:redemption_id/reversal')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Reverse a redemption: the reward was not handed over',
    description: "The redemption's points come back to the balance (lifetime points never moved), and its item back to the reward's stock. Once.",
  })
  @ApiJsonBody(ReversalDto, { seed: { summary: 'The cake ran out', value: { reason: 'Out of cake' } } })
  @ApiCreatedResponse({ type: ReversalResponse, description: 'Reversed.', example: REVERSED })
  @ApiOkResponse({
    type: ReversalResponse,
    description: 'Reversed already: `duplicate: true`, nothing recorded again.',
    example: { ...REVERSED, duplicate: true },
  })
  @PosErrors(...BODY_ERRORS, 'redemption_not_found')
  async reverse(
    @CurrentOrganization() org: OrganizationContext,
    @Param('redemption_id') redemptionId: string,
    @Body() body: ReversalDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReversalResponse> {
    const result = await this.commands.execute(new ReverseRedemptionCommand(org, redemptionId, body?.reason ?? null, requestId));
    if (result.alreadyReversed) reply.status(200);
    return {
      customer: { loyalty_code: result.customer.loyaltyCode, name: result.customer.name, points_balance: result.customer.pointsBalance },
      points_restored: result.pointsRestored,
      duplicate: result.alreadyReversed,
    };
  }
}
