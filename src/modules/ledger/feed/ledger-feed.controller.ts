import { Controller, Get, Param, Query } from '@nestjs/common';
import { ResourceIdPipe } from '../../../common/http/resource-id.pipe';
import { Database } from '../../../database/database';
import { assertOrganizationExists } from '../../points/earning-settings/organization-scope';
import { parseFeedQuery } from './feed-query';
import { LedgerFeed } from './ledger-feed';

/**
 * The auditor's feed of one organization. Under /api/admin/v1, so the global access guard asks for
 * the admin token (modules/access/access.guard.ts): nothing to declare here.
 */
@Controller('api/admin/v1/organizations/:org/ledger')
export class LedgerFeedController {
  constructor(
    private readonly feed: LedgerFeed,
    private readonly database: Database,
  ) {}

  @Get()
  async list(@Param('org', ResourceIdPipe) org: string, @Query() query: Record<string, unknown>) {
    const { after, limit } = parseFeedQuery(query);
    await assertOrganizationExists(this.database, org);
    const page = await this.feed.page(org, after, limit);
    return { events: page.events, next_after: page.nextAfter };
  }
}
