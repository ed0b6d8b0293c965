import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentOrganization, OrganizationContext } from '../../../common/http/current-organization.decorator';
import { POS_API_KEY, PosErrors, TAGS } from '../../../common/openapi/decorators';
import { ConfirmsKeyInQuery } from '../../access/confirms-key-in-query.decorator';
import { CustomerNotFoundError } from '../../customer-stream/customer-stream.errors';
import { normalizeLoyaltyCode } from '../loyalty-code';
import { DEFAULT_ACTIVITY_LIMIT, MAX_ACTIVITY_LIMIT, parseActivityQuery } from './activity-query';
import { ActivityResponse } from './activity.responses';
import { ActivityItem, CustomerActivity } from './customer-activity';

const EXAMPLE = {
  activity: [
    {
      id: 'e7ce55af-c9f1-4853-9426-bfb91cff4242',
      type: 'redeem',
      points: -50,
      balance_after: 1215,
      occurred_at: '2026-11-25T14:35:00.000Z',
      recorded_at: '2026-11-25T14:35:00.008Z',
      external_ref: 'redeem-1',
      description: 'Free coffee',
    },
    {
      id: '0f6c2b8e-5d1a-4f3e-9b7c-2a1d0e9f8c7b',
      type: 'earn',
      points: 50,
      balance_after: 1265,
      occurred_at: '2026-11-25T14:30:00.000Z',
      recorded_at: '2026-11-25T14:30:00.012Z',
      external_ref: 'order-12345',
      description: 'Happy hour ×2',
    },
  ],
  next_before: 'MjMxLnE0bGZ2QjNnQ2lGOXh1UWU',
};

@ApiTags(TAGS.customers)
@ApiBearerAuth(POS_API_KEY)
@Controller('api/v1/customers')
export class CustomerActivityController {
  constructor(private readonly activity: CustomerActivity) {}

  @Get(':code/activity')
  @ConfirmsKeyInQuery()
  @ApiOperation({
    summary: "A customer's points history",
    description:
      'Newest first, from the ledger: purchases, redemptions and adjustments (refunds, reversals and expiries as they come), each with its signed points ' +
      'and the balance right after it. Pass `next_before` back as `before` for older items. Registration and corrections of personal data are not listed.',
  })
  @ApiParam({ name: 'code', description: 'The loyalty code: 8 characters of 0-9A-F.', example: 'F55EA00D' })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'At most this many items.',
    schema: { type: 'integer', minimum: 1, maximum: MAX_ACTIVITY_LIMIT, default: DEFAULT_ACTIVITY_LIMIT },
  })
  @ApiQuery({
    name: 'before',
    required: false,
    description: "The `next_before` of the previous page. A cursor of another customer's activity is 400.",
    schema: { type: 'string' },
  })
  @ApiOkResponse({ type: ActivityResponse, example: EXAMPLE })
  @PosErrors('invalid_request', 'customer_not_found')
  async list(@CurrentOrganization() org: OrganizationContext, @Param('code') code: string, @Query() query: Record<string, unknown>): Promise<ActivityResponse> {
    const paging = parseActivityQuery(query);
    const loyaltyCode = normalizeLoyaltyCode(code);
    if (!loyaltyCode) throw new CustomerNotFoundError();
    const page = await this.activity.page(org, loyaltyCode, paging);
    return { activity: page.items.map(toView), next_before: page.nextBefore };
  }
}

function toView(item: ActivityItem) {
  return {
    id: item.id,
    type: item.type,
    points: item.points,
    balance_after: item.balanceAfter,
    occurred_at: item.occurredAt.toISOString(),
    recorded_at: item.recordedAt.toISOString(),
    external_ref: item.externalRef,
    description: item.description,
  };
}
