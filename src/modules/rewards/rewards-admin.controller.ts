import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidRequestError, NotFoundError } from '../../common/errors/api-error';
import { ResourceIdPipe } from '../../common/http/resource-id.pipe';
import { ADMIN_TOKEN, AdminErrors, ApiIdParam, ApiOrgParam, BODY_ERRORS, TAGS } from '../../common/openapi/decorators';
import { Database, Sql } from '../../database/database';
import { assertOrganizationExists } from '../points/earning-settings/organization-scope';
import { SettingsTable } from '../points/earning-settings/settings-table';
import { adminView, toReward } from './reward';
import { RewardDto, UpdateRewardDto } from './rewards.dto';
import { RewardListResponse, RewardResponse } from './rewards.responses';

const REWARDS = new SettingsTable('rewards', 'points_cost, name, id', (row) => adminView(toReward(row)));

/** The reward catalogue, as the dashboard manages it. */
@ApiTags(TAGS.rewardCatalogue)
@ApiBearerAuth(ADMIN_TOKEN)
@ApiOrgParam()
@Controller('api/admin/v1/organizations/:org/rewards')
export class RewardsAdminController {
  constructor(private readonly database: Database) {}

  @Post() @HttpCode(201)
  @ApiOperation({ summary: 'Create a reward' })
  @ApiCreatedResponse({ type: RewardResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  async create(@Param('org', ResourceIdPipe) org: string, @Body() body: RewardDto): Promise<RewardResponse> {
    await assertOrganizationExists(this.database, org);
    const values = await this.columns(this.database, org, body);
    return { reward: await REWARDS.create(this.database, org, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined))) };
  }

  @Get()
  @ApiOperation({ summary: 'List all rewards', description: 'Inactive and unavailable ones too.' })
  @ApiOkResponse({ type: RewardListResponse })
  @AdminErrors('not_found')
  async list(@Param('org', ResourceIdPipe) org: string): Promise<RewardListResponse> {
    await assertOrganizationExists(this.database, org);
    return { rewards: await REWARDS.list(this.database, org) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a reward', description: 'Any of the fields, e.g. `active: false`.' })
  @ApiIdParam('reward')
  @ApiOkResponse({ type: RewardResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  async update(@Param('org', ResourceIdPipe) org: string, @Param('id', ResourceIdPipe) id: string, @Body() body: UpdateRewardDto): Promise<RewardResponse> {
    const reward = await REWARDS.update(this.database, org, id, await this.columns(this.database, org, body));
    if (!reward) throw new NotFoundError();
    return { reward };
  }

  @Delete(':id') @HttpCode(204)
  @ApiOperation({ summary: 'Remove a reward' })
  @ApiIdParam('reward')
  @ApiNoContentResponse({ description: 'Removed.' })
  @AdminErrors('not_found')
  async remove(@Param('org', ResourceIdPipe) org: string, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    if (!(await REWARDS.remove(this.database, org, id))) throw new NotFoundError();
  }

  /** min_tier must name one of the organization's tiers (stored with its canonical spelling). */
  private async columns(sql: Sql, org: string, body: Partial<RewardDto>) {
    let minTier = body.min_tier;
    if (minTier) {
      const { rows } = await sql.query('SELECT name FROM tiers WHERE organization_id = $1 AND lower(name) = lower($2)', [org, minTier.trim()]);
      if (!rows.length) throw new InvalidRequestError(`min_tier "${minTier}" is not a tier of this organization.`, [{ field: 'min_tier', message: 'unknown tier' }]);
      minTier = rows[0].name;
    }
    if (body.available_from && body.available_until && new Date(body.available_from) >= new Date(body.available_until)) {
      throw new InvalidRequestError('available_from must be before available_until.');
    }
    return { ...body, min_tier: minTier };
  }
}
