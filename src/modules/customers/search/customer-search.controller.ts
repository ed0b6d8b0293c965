import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ResourceIdPipe } from '../../../common/http/resource-id.pipe';
import { ADMIN_TOKEN, AdminErrors, ApiOrgParam, TAGS } from '../../../common/openapi/decorators';
import { Database } from '../../../database/database';
import { assertOrganizationExists } from '../../points/earning-settings/organization-scope';
import { CustomerSearch, FoundCustomer } from './customer-search';
import { CustomerSearchResponse } from './customer-search.responses';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, parseSearchQuery } from './search-query';
import { MAX_QUERY_LENGTH } from './search-pattern';

/** The back office's customer list and search (the dashboard's "customers" screen). */
@ApiTags(TAGS.customerAdmin)
@ApiBearerAuth(ADMIN_TOKEN)
@ApiOrgParam()
@Controller('api/admin/v1/organizations/:org/customers')
export class CustomerSearchController {
  constructor(
    private readonly search: CustomerSearch,
    private readonly database: Database,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Search customers',
    description:
      'Customers whose loyalty code, email or name contains `query` (3 characters or more) or starts with it (1 or 2 characters), ' +
      'case-insensitively, in loyalty code order. Without `query`, every customer. Pass `next_after` back as `after` for the next page.',
  })
  @ApiQuery({
    name: 'query',
    required: false,
    description: 'What to look for; at least one letter or digit.',
    schema: { type: 'string', maxLength: MAX_QUERY_LENGTH },
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'At most this many customers.',
    schema: { type: 'integer', minimum: 1, maximum: MAX_SEARCH_LIMIT, default: DEFAULT_SEARCH_LIMIT },
  })
  @ApiQuery({ name: 'after', required: false, description: 'The `next_after` of the previous page.', schema: { type: 'string' } })
  @ApiOkResponse({ type: CustomerSearchResponse })
  @AdminErrors('invalid_request', 'not_found')
  async list(@Param('org', ResourceIdPipe) org: string, @Query() query: Record<string, unknown>): Promise<CustomerSearchResponse> {
    const search = parseSearchQuery(query);
    await assertOrganizationExists(this.database, org);
    const page = await this.search.page(org, search);
    return { customers: page.customers.map(toView), next_after: page.nextAfter };
  }
}

function toView(c: FoundCustomer) {
  return { loyalty_code: c.loyaltyCode, name: c.name, email: c.email, points_balance: c.pointsBalance, lifetime_points: c.lifetimePoints, tier: c.tier };
}
