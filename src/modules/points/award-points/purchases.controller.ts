import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { InvalidRequestError } from '../../../common/errors/api-error';
import { CurrentOrganization, OrganizationContext } from '../../../common/http/current-organization.decorator';
import { RequestId } from '../../../common/http/request-id.decorator';
import { sumLineItemsCents } from '../policy';
import { AwardPointsCommand, AwardPointsResult } from './award-points.command';
import { MAX_AMOUNT_CENTS, OrderDto, parseOccurredAt, PurchaseDto, TransactionDto } from './purchase.dto';

function occurredAt(body: PurchaseDto): Date | undefined {
  const at = parseOccurredAt(body.occurred_at);
  if (at === 'invalid') throw new InvalidRequestError('occurred_at is not a real date-time', [{ field: 'occurred_at', message: 'not a real date-time' }]);
  return at;
}

const customer = (r: AwardPointsResult) => ({ loyalty_code: r.customer.loyaltyCode, name: r.customer.name, points_balance: r.customer.pointsBalance });

/** POST /transactions and POST /orders: both are purchases that earn points (AwardPoints). */
@Controller('api/v1')
export class PurchasesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('transactions')
  @HttpCode(201)
  async transaction(
    @CurrentOrganization() org: OrganizationContext,
    @Body() body: TransactionDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commands.execute(
      new AwardPointsCommand(org.organizationId, 'transaction', body.identifier, body.amount_cents, null, body.external_ref ?? null, occurredAt(body), requestId),
    );
    if (result.duplicate) reply.status(200);
    return { customer: customer(result), points_added: result.pointsAdded, duplicate: result.duplicate, bonus_applied: result.bonusApplied };
  }

  @Post('orders')
  @HttpCode(201)
  async order(
    @CurrentOrganization() org: OrganizationContext,
    @Body() body: OrderDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const items = body.line_items.map((i) => ({ name: i.name, category: i.category ?? null, quantity: i.quantity, unitPriceCents: i.unit_price_cents }));
    const amount = body.amount_cents ?? sumLineItemsCents(items);
    if (amount > MAX_AMOUNT_CENTS) {
      throw new InvalidRequestError('The order total is too large.', [{ field: 'line_items', message: `the items sum to more than ${MAX_AMOUNT_CENTS} cents` }]);
    }
    const result = await this.commands.execute(
      new AwardPointsCommand(org.organizationId, 'order', body.identifier, amount, items, body.external_ref ?? null, occurredAt(body), requestId),
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
