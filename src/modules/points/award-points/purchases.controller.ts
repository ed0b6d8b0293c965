import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { InvalidRequestError } from '../../../common/errors/api-error';
import { ErrorCode } from '../../../common/errors/error-codes';
import { CurrentOrganization, OrganizationContext } from '../../../common/http/current-organization.decorator';
import { ApiJsonBody, BODY_ERRORS, POS_API_KEY, PosErrors, TAGS } from '../../../common/openapi/decorators';
import { RequestId } from '../../../common/http/request-id.decorator';
import { ConfirmsKeyInQuery } from '../../access/confirms-key-in-query.decorator';
import { sumLineItemsCents } from '../policy';
import { AwardPointsCommand, AwardPointsResult } from './award-points.command';
import { MAX_AMOUNT_CENTS, OrderDto, parseOccurredAt, PurchaseDto, TransactionDto } from './purchase.dto';
import { OrderResponse, TransactionResponse } from './purchases.responses';

function occurredAt(body: PurchaseDto): Date | undefined {
  return parseOccurredAt(body.occurred_at);
}

const customer = (r: AwardPointsResult) => ({ loyalty_code: r.customer.loyaltyCode, name: r.customer.name, points_balance: r.customer.pointsBalance });

/** The seed page's examples (docs/integration.md). */
const SOPHIE = { type: 'loyalty_code', value: 'F55EA00D' };
const TRANSACTION_RESULT = {
  customer: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1265 },
  points_added: 25,
  duplicate: false,
  bonus_applied: 'Happy hour',
};
const ORDER_RESULT = {
  customer: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1300 },
  points_added: 26,
  base_points: 11,
  product_points: 15,
  rules_applied: ['2 cappuccinos = 15 pts'],
  duplicate: false,
  bonus_applied: null,
};
const AWARD_ERRORS: ErrorCode[] = [...BODY_ERRORS, 'customer_not_found', 'idempotency_conflict', 'amount_too_low'];

/** POST /transactions and POST /orders: both are purchases that earn points (AwardPoints). */
@ApiTags(TAGS.purchases)
@ApiBearerAuth(POS_API_KEY)
@Controller('api/v1')
export class PurchasesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('transactions')
  @ConfirmsKeyInQuery()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Award points for a purchase',
    description:
      "Points = floor(amount ÷ 100 × earn rate × the best active bonus × the customer's tier multiplier), computed exactly. " +
      'Idempotent via `external_ref`: retrying with the same value never awards points twice.',
  })
  @ApiJsonBody(TransactionDto, {
    seed: { summary: 'A purchase of 25.00', value: { identifier: SOPHIE, amount_cents: 2500, external_ref: 'order-12345' } },
    offline: {
      summary: 'A sale uploaded later, with its time',
      value: { identifier: SOPHIE, amount_cents: 500, occurred_at: '2026-11-24T18:30:00+01:00', external_ref: 'sale-store1-till2-000789' },
    },
  })
  @ApiCreatedResponse({ type: TransactionResponse, description: 'Recorded.', example: TRANSACTION_RESULT })
  @ApiOkResponse({
    type: TransactionResponse,
    description: 'A retry of a recorded `external_ref`: `duplicate: true`, the original `points_added`, the current balance; nothing recorded again.',
    example: { ...TRANSACTION_RESULT, duplicate: true },
  })
  @PosErrors(...AWARD_ERRORS)
  async transaction(
    @CurrentOrganization() org: OrganizationContext,
    @Body() body: TransactionDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TransactionResponse> {
    const result = await this.commands.execute(
      new AwardPointsCommand(org, 'transaction', body.identifier, body.amount_cents, null, body.external_ref ?? null, occurredAt(body), requestId),
    );
    if (result.duplicate) reply.status(200);
    return { customer: customer(result), points_added: result.pointsAdded, duplicate: result.duplicate, bonus_applied: result.bonusApplied };
  }

  @Post('orders')
  @ConfirmsKeyInQuery()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Award points for an order with line items',
    description:
      'Points = base points (order total × earn rate × bonus × tier) plus the product earn rules that match the items ' +
      '(by product, category or in bulk; not multiplied). Idempotent via `external_ref`.',
  })
  @ApiJsonBody(OrderDto, {
    seed: {
      summary: 'Two cappuccinos and a cake',
      value: {
        identifier: SOPHIE,
        external_ref: 'order-12345',
        line_items: [
          { name: 'Cappuccino', category: 'drinks', quantity: 2, unit_price_cents: 350 },
          { name: 'Cake', category: 'food', quantity: 1, unit_price_cents: 450 },
        ],
      },
    },
  })
  @ApiCreatedResponse({ type: OrderResponse, description: 'Recorded.', example: ORDER_RESULT })
  @ApiOkResponse({
    type: OrderResponse,
    description: 'A retry of a recorded `external_ref`: `duplicate: true`, the original result, the current balance.',
    example: { ...ORDER_RESULT, duplicate: true },
  })
  @PosErrors(...AWARD_ERRORS)
  async order(
    @CurrentOrganization() org: OrganizationContext,
    @Body() body: OrderDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponse> {
    const items = body.line_items.map((i) => ({ name: i.name, category: i.category ?? null, quantity: i.quantity, unitPriceCents: i.unit_price_cents }));
    const amount = body.amount_cents ?? sumLineItemsCents(items);
    if (amount > MAX_AMOUNT_CENTS) {
      throw new InvalidRequestError('The order total is too large.', [
        { field: 'line_items', message: `the items sum to more than ${MAX_AMOUNT_CENTS} cents` },
      ]);
    }
    const result = await this.commands.execute(
      new AwardPointsCommand(org, 'order', body.identifier, amount, items, body.external_ref ?? null, occurredAt(body), requestId),
    );
    if (result.duplicate) reply.status(200);
    return {
      customer: customer(result),
      points_added: result.pointsAdded,
      base_points: result.basePoints,
      product_points: result.productPoints,
      rules_applied: result.rulesApplied,
      duplicate: result.duplicate,
      bonus_applied: result.bonusApplied,
    };
  }
}
