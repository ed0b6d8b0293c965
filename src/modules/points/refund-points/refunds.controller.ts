import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentOrganization, OrganizationContext } from '../../../common/http/current-organization.decorator';
import { RequestId } from '../../../common/http/request-id.decorator';
import { ApiJsonBody, BODY_ERRORS, POS_API_KEY, PosErrors, TAGS } from '../../../common/openapi/decorators';
import { parseOccurredAt } from '../award-points/purchase.dto';
import { RefundDto } from './refund.dto';
import { RefundPointsCommand } from './refund-points.command';
import { RefundResponse } from './refunds.responses';

const REFUND_RESULT = {
  customer: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1258 },
  refund_id: '3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f',
  points_removed: 7,
  unrecovered_points: 0,
  sale: { external_ref: 'order-12345', amount_cents: 2500, refunded_cents: 700, points_added: 25, points_removed: 7 },
  duplicate: false,
};

/** POST /refunds: the till's return button (RefundPoints). */
@ApiTags(TAGS.purchases)
@ApiBearerAuth(POS_API_KEY)
@Controller('api/v1')
export class RefundsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('refunds')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Take back points for goods returned, or a sale voided',
    description:
      'Judged against the sale as recorded (its rate, bonus, tier and rules), cumulatively: many small refunds take back exactly what one ' +
      'large refund would, never more than the sale gave. No `amount_cents` and no `line_items`: all that is left of the sale (a void). ' +
      "Points already spent: the organization's `refund_policy` decides (`floor_at_zero` records `unrecovered_points`).",
  })
  @ApiJsonBody(RefundDto, {
    partial: { summary: 'Part of a sale', value: { sale_external_ref: 'order-12345', amount_cents: 700, external_ref: 'return-555' } },
    items: { summary: 'Items of an order', value: { sale_external_ref: 'order-12346', line_items: [{ name: 'Cappuccino', quantity: 1 }], reason: 'Cold' } },
    void: { summary: 'A void', value: { sale_external_ref: 'order-12347', external_ref: 'void-12347' } },
  })
  @ApiCreatedResponse({ type: RefundResponse, description: 'Recorded.', example: REFUND_RESULT })
  @ApiOkResponse({
    type: RefundResponse,
    description: 'A retry of a recorded `external_ref`: `duplicate: true`; nothing recorded again.',
    example: { ...REFUND_RESULT, duplicate: true },
  })
  @PosErrors(...BODY_ERRORS, 'sale_not_found', 'idempotency_conflict', 'refund_exceeds_sale')
  async refund(
    @CurrentOrganization() org: OrganizationContext,
    @Body() body: RefundDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RefundResponse> {
    const occurredAt = parseOccurredAt(body.occurred_at);
    const items = body.line_items?.map((i) => ({ name: i.name, quantity: i.quantity }));
    const r = await this.commands.execute(
      new RefundPointsCommand(org, body.sale_external_ref, body.amount_cents, items, body.reason ?? null, body.external_ref ?? null, occurredAt, requestId),
    );
    if (r.duplicate) reply.status(200);
    return {
      customer: { loyalty_code: r.customer.loyaltyCode, name: r.customer.name, points_balance: r.customer.pointsBalance },
      refund_id: r.refundId,
      points_removed: r.pointsRemoved,
      unrecovered_points: r.unrecoveredPoints,
      sale: {
        external_ref: r.sale.externalRef,
        amount_cents: r.sale.amountCents,
        refunded_cents: r.sale.refundedCents,
        points_added: r.sale.pointsAdded,
        points_removed: r.sale.pointsRemoved,
      },
      duplicate: r.duplicate,
    };
  }
}
