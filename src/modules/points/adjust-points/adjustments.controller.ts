import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequestId } from '../../../common/http/request-id.decorator';
import { ResourceIdPipe } from '../../../common/http/resource-id.pipe';
import { ADMIN_TOKEN, AdminErrors, ApiJsonBody, ApiOrgParam, BODY_ERRORS, TAGS } from '../../../common/openapi/decorators';
import { Database } from '../../../database/database';
import { CustomerNotFoundError } from '../../customer-stream/customer-stream.errors';
import { normalizeLoyaltyCode } from '../../customers/loyalty-code';
import { assertOrganizationExists } from '../earning-settings/organization-scope';
import { AdjustPointsCommand } from './adjust-points.command';
import { AdjustmentDto } from './adjustment.dto';
import { AdjustmentResponse } from './adjustments.responses';

const ADJUSTED = {
  customer: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1315, lifetime_points: 4350 },
  adjustment: {
    id: '3f0e3c1a-8b7d-4e6f-9a5b-2c1d0e9f8a7b',
    points: 50,
    reason: 'goodwill',
    note: 'Coffee was cold',
    external_ref: 'ticket-4711',
    created_at: '2026-11-25T14:30:00.000Z',
  },
  duplicate: false,
};

/** Points given or taken by staff, for the back office. */
@ApiTags(TAGS.customerAdmin)
@ApiBearerAuth(ADMIN_TOKEN)
@ApiOrgParam()
@Controller('api/admin/v1/organizations/:org/customers/:code/adjustments')
export class AdjustmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly database: Database,
  ) {}

  /** 201 for a new adjustment, 200 with `duplicate: true` for a retry of the same external_ref. */
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Adjust a customer's points",
    description:
      'Positive: raises the balance and the lifetime points. Negative: lowers the balance only, never below 0 (422 `insufficient_points`). ' +
      'Records `points.adjusted` with the reason, the note and who made it (the admin token). Idempotent via `external_ref`, shared with the POS API.',
  })
  @ApiParam({ name: 'code', description: "The customer's loyalty code.", example: 'F55EA00D' })
  @ApiJsonBody(AdjustmentDto, {
    goodwill: { summary: 'Goodwill points', value: { points: 50, reason: 'goodwill', note: 'Coffee was cold', external_ref: 'ticket-4711' } },
  })
  @ApiCreatedResponse({ type: AdjustmentResponse, description: 'Recorded.', example: ADJUSTED })
  @ApiOkResponse({
    type: AdjustmentResponse,
    description: 'A retry of a recorded `external_ref`: the original adjustment, the current balance.',
    example: { ...ADJUSTED, duplicate: true },
  })
  @AdminErrors(...BODY_ERRORS, 'not_found', 'customer_not_found', 'idempotency_conflict', 'insufficient_points')
  async adjust(
    @Param('org', ResourceIdPipe) org: string,
    @Param('code') code: string,
    @Body() body: AdjustmentDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AdjustmentResponse> {
    await assertOrganizationExists(this.database, org);
    const loyaltyCode = normalizeLoyaltyCode(code);
    if (!loyaltyCode) throw new CustomerNotFoundError();
    const result = await this.commands.execute(
      new AdjustPointsCommand(org, loyaltyCode, body.points, body.reason, body.note || null, body.external_ref ?? null, { type: 'admin' }, requestId),
    );
    if (result.duplicate) reply.status(200);
    const a = result.adjustment;
    return {
      customer: {
        loyalty_code: result.customer.loyaltyCode,
        name: result.customer.name,
        points_balance: result.customer.pointsBalance,
        lifetime_points: result.customer.lifetimePoints,
      },
      adjustment: { id: a.adjustmentId, points: a.points, reason: a.reason, note: a.note, external_ref: a.externalRef, created_at: a.createdAt },
      duplicate: result.duplicate,
    };
  }
}
