import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ADMIN_TOKEN, AdminErrors, ApiOrgParam, TAGS } from '../../../common/openapi/decorators';
import { ResourceIdPipe } from '../../../common/http/resource-id.pipe';
import { Database } from '../../../database/database';
import { assertOrganizationExists } from '../../points/earning-settings/organization-scope';
import { DEFAULT_FEED_LIMIT, MAX_FEED_LIMIT, parseFeedQuery } from './feed-query';
import { LedgerFeed } from './ledger-feed';
import { LedgerPageResponse } from './ledger-feed.responses';

/**
 * The auditor's feed of one organization. Under /api/admin/v1, so the global access guard asks for
 * the admin token (modules/access/access.guard.ts): nothing to declare here.
 */
@ApiTags(TAGS.ledger)
@ApiBearerAuth(ADMIN_TOKEN)
@ApiOrgParam()
@Controller('api/admin/v1/organizations/:org/ledger')
export class LedgerFeedController {
  constructor(
    private readonly feed: LedgerFeed,
    private readonly database: Database,
  ) {}

  @Get()
  @ApiOperation({
    summary: "Page through the organization's ledger",
    description:
      'Events in ledger order after position `after`. Pass `next_after` back as `after` for the next page; an event that commits late is never skipped.',
  })
  @ApiQuery({ name: 'after', required: false, description: 'Return events after this position.', schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'At most this many events.',
    schema: { type: 'integer', minimum: 1, maximum: MAX_FEED_LIMIT, default: DEFAULT_FEED_LIMIT },
  })
  @ApiOkResponse({ type: LedgerPageResponse })
  @AdminErrors('invalid_request', 'not_found')
  async list(@Param('org', ResourceIdPipe) org: string, @Query() query: Record<string, unknown>): Promise<LedgerPageResponse> {
    const { after, limit } = parseFeedQuery(query);
    await assertOrganizationExists(this.database, org);
    const page = await this.feed.page(org, after, limit);
    return { events: page.events, next_after: page.nextAfter };
  }
}
