import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { InvalidRequestError } from '../../common/errors/api-error';
import { CurrentOrganization, OrganizationContext } from '../../common/http/current-organization.decorator';
import { RequestId } from '../../common/http/request-id.decorator';
import { Database } from '../../database/database';
import { customerDetails } from './customer-account';
import { CustomerAccountsRepository, CustomerKey } from './customer-accounts.repository';
import { CustomerNotFoundError } from './customers.errors';
import { normalizeEmail } from './email';
import { normalizeLoyaltyCode } from './loyalty-code';
import { RegisterCustomerCommand } from './register-customer/register-customer.command';
import { RegisterCustomerDto } from './register-customer/register-customer.dto';
import { CustomerQueryDto } from './customer-query.dto';

@Controller('api/v1/customers')
export class CustomersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly database: Database,
    private readonly customers: CustomerAccountsRepository,
  ) {}

  /** Registers a customer: 201 when new, 200 with `existing: true` when the email is already known. */
  @Post()
  @HttpCode(201)
  async register(
    @CurrentOrganization() org: OrganizationContext,
    @Body() body: RegisterCustomerDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const email = body.email ? normalizeEmail(body.email) : null;
    const result = await this.commands.execute(new RegisterCustomerCommand(org.organizationId, body.name, email, body.birthday ?? null, requestId));
    if (result.existing) reply.status(200);
    const c = result.customer;
    return { customer: { loyalty_code: c.loyaltyCode, name: c.name, email: c.email, points_balance: c.pointsBalance }, existing: result.existing };
  }

  @Get(':code')
  async byCode(@CurrentOrganization() org: OrganizationContext, @Param('code') code: string) {
    const loyaltyCode = normalizeLoyaltyCode(code);
    if (!loyaltyCode) throw new CustomerNotFoundError();
    return this.lookup(org.organizationId, { loyaltyCode });
  }

  /** `?email=` or `?loyalty_code=`: exactly one of them. */
  @Get()
  async byQuery(@CurrentOrganization() org: OrganizationContext, @Query() query: CustomerQueryDto) {
    if ((query.email === undefined) === (query.loyalty_code === undefined)) {
      throw new InvalidRequestError('Give exactly one of the query parameters email or loyalty_code.');
    }
    if (query.email !== undefined) return this.lookup(org.organizationId, { email: normalizeEmail(query.email) });
    const loyaltyCode = normalizeLoyaltyCode(query.loyalty_code!);
    if (!loyaltyCode) throw new CustomerNotFoundError();
    return this.lookup(org.organizationId, { loyaltyCode });
  }

  private async lookup(organizationId: string, key: CustomerKey) {
    const customer = await this.customers.find(this.database, organizationId, key);
    if (!customer) throw new CustomerNotFoundError();
    return { customer: customerDetails(customer) };
  }
}
