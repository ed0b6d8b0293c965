import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { InvalidRequestError } from '../../common/errors/api-error';
import { CurrentOrganization, OrganizationContext } from '../../common/http/current-organization.decorator';
import { RequestId } from '../../common/http/request-id.decorator';
import { ApiJsonBody, BODY_ERRORS, POS_API_KEY, PosErrors, TAGS } from '../../common/openapi/decorators';
import { customerDetails } from './customer-account';
import { ConfirmsKeyInQuery } from '../access/confirms-key-in-query.decorator';
import { CustomerLookup } from './customer-lookup';
import { CustomerLookups } from './customer-lookups';
import { CustomerNotFoundError } from '../customer-stream/customer-stream.errors';
import { normalizeEmail } from './email';
import { normalizeLoyaltyCode } from './loyalty-code';
import { RegisterCustomerCommand } from './register-customer/register-customer.command';
import { RegisterCustomerDto } from './register-customer/register-customer.dto';
import { CustomerQueryDto } from './customer-query.dto';
import { CustomerResponse, RegisterCustomerResponse, UpdateCustomerResponse } from './customers.responses';
import { UpdateCustomerCommand } from './update-customer/update-customer.command';
import { UpdateCustomerDto } from './update-customer/update-customer.dto';

const SOPHIE = {
  loyalty_code: 'F55EA00D',
  name: 'Sophie',
  points_balance: 1265,
  lifetime_points: 4300,
  tier: 'Gold',
  next_tier: { name: 'Platinum', points_needed: 700 },
  expiring: { points: 120, at: '2027-06-30T22:00:00.000Z' },
};
const CORRECTED = {
  customer: { loyalty_code: 'F55EA00D', name: 'Sophie', email: 'sophie.martin@example.com', birthday: '1990-05-01', points_balance: 1265 },
  changed: ['email'],
};
const REGISTERED = { customer: { loyalty_code: 'A1B2C3D4', name: 'Sophie', email: 'sophie@example.com', points_balance: 0 }, existing: false };

@ApiTags(TAGS.customers)
@ApiBearerAuth(POS_API_KEY)
@Controller('api/v1/customers')
export class CustomersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly customers: CustomerLookups,
  ) {}

  /** Registers a customer: 201 when new, 200 with `existing: true` when the email is already known. */
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a customer',
    description:
      'A new customer gets a new random loyalty code. If the email is already known, that customer is returned unchanged (the name and ' +
      'birthday sent are ignored). Without an email every call creates a new customer: do not resend a timed-out registration blindly.',
  })
  @ApiJsonBody(RegisterCustomerDto, {
    seed: { summary: 'With email and birthday', value: { name: 'Sophie', email: 'sophie@example.com', birthday: '1990-05-01' } },
  })
  @ApiCreatedResponse({ type: RegisterCustomerResponse, description: 'A new customer.', example: REGISTERED })
  @ApiOkResponse({
    type: RegisterCustomerResponse,
    description: 'The email was already known: that customer, `existing: true`.',
    example: { ...REGISTERED, existing: true },
  })
  @PosErrors(...BODY_ERRORS)
  async register(
    @CurrentOrganization() org: OrganizationContext,
    @Body() body: RegisterCustomerDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegisterCustomerResponse> {
    const email = body.email ? normalizeEmail(body.email) : null;
    const result = await this.commands.execute(new RegisterCustomerCommand(org, body.name, email, body.birthday ?? null, requestId));
    if (result.existing) reply.status(200);
    const c = result.customer;
    return { customer: { loyalty_code: c.loyaltyCode, name: c.name, email: c.email, points_balance: c.pointsBalance }, existing: result.existing };
  }

  @Get(':code')
  @ConfirmsKeyInQuery()
  @ApiOperation({ summary: "Look up a customer's balance by loyalty code", description: 'Matched case-insensitively. Lookups do not return the email.' })
  @ApiParam({ name: 'code', description: 'The loyalty code: 8 characters of 0-9A-F.', example: 'F55EA00D' })
  @ApiOkResponse({ type: CustomerResponse, example: { customer: SOPHIE } })
  @PosErrors('customer_not_found')
  async byCode(@CurrentOrganization() org: OrganizationContext, @Param('code') code: string): Promise<CustomerResponse> {
    const loyaltyCode = normalizeLoyaltyCode(code);
    if (!loyaltyCode) throw new CustomerNotFoundError();
    return this.lookup(org, { by: 'loyalty_code', value: loyaltyCode });
  }

  /** `?email=` or `?loyalty_code=`: exactly one of them. */
  @Get()
  @ConfirmsKeyInQuery()
  @ApiOperation({
    summary: 'Look up a customer by email or loyalty code',
    description: 'Give exactly one of `email` or `loyalty_code`: neither or both is 400.',
  })
  @ApiOkResponse({ type: CustomerResponse, example: { customer: SOPHIE } })
  @PosErrors('invalid_request', 'customer_not_found')
  async byQuery(@CurrentOrganization() org: OrganizationContext, @Query() query: CustomerQueryDto): Promise<CustomerResponse> {
    if ((query.email === undefined) === (query.loyalty_code === undefined)) {
      throw new InvalidRequestError('Give exactly one of the query parameters email or loyalty_code.');
    }
    if (query.email !== undefined) return this.lookup(org, { by: 'email', value: normalizeEmail(query.email) });
    const loyaltyCode = normalizeLoyaltyCode(query.loyalty_code!);
    if (!loyaltyCode) throw new CustomerNotFoundError();
    return this.lookup(org, { by: 'loyalty_code', value: loyaltyCode });
  }

  /** Corrects the name, email or birthday: `customer.updated` with the fields that changed. */
  @Patch(':code')
  @ConfirmsKeyInQuery()
  @ApiOperation({
    summary: "Correct a customer's name, email or birthday",
    description:
      'Give any of the fields, with the rules of registration; null removes an email or a birthday. Records `customer.updated` with the fields that ' +
      'changed (nothing when none did). An email another customer of the organization has: 409 `email_taken`, nothing changed.',
  })
  @ApiParam({ name: 'code', description: 'The loyalty code: 8 characters of 0-9A-F.', example: 'F55EA00D' })
  @ApiJsonBody(UpdateCustomerDto, { email: { summary: 'A typo in the email', value: { email: 'sophie.martin@example.com' } } })
  @ApiOkResponse({ type: UpdateCustomerResponse, example: CORRECTED })
  @PosErrors(...BODY_ERRORS, 'customer_not_found', 'email_taken')
  async update(
    @CurrentOrganization() org: OrganizationContext,
    @Param('code') code: string,
    @Body() body: UpdateCustomerDto,
    @RequestId() requestId: string,
  ): Promise<UpdateCustomerResponse> {
    if (body.name === undefined && body.email === undefined && body.birthday === undefined) {
      throw new InvalidRequestError('Give at least one of name, email, birthday.');
    }
    const loyaltyCode = normalizeLoyaltyCode(code);
    if (!loyaltyCode) throw new CustomerNotFoundError();
    const correction = { name: body.name, email: typeof body.email === 'string' ? normalizeEmail(body.email) : body.email, birthday: body.birthday };
    const { customer: c, changed } = await this.commands.execute(new UpdateCustomerCommand(org, loyaltyCode, correction, requestId));
    return {
      customer: { loyalty_code: c.loyaltyCode!, name: c.name!, email: c.email, birthday: c.birthday, points_balance: c.pointsBalance },
      changed,
    };
  }

  private async lookup(caller: OrganizationContext, lookup: CustomerLookup): Promise<CustomerResponse> {
    const customer = await this.customers.findForCaller(caller, lookup);
    if (!customer) throw new CustomerNotFoundError();
    return { customer: customerDetails(customer) };
  }
}
