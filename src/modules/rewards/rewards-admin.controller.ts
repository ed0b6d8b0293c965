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
import { RewardsRepository } from './rewards.repository';

const REWARDS = new SettingsTable('rewards', 'points_cost, name, id', (row) => adminView(toReward(row)));

/** The reward catalogue, as the dashboard manages it. */
@ApiTags(TAGS.rewardCatalogue)
@ApiBearerAuth(ADMIN_TOKEN)
@ApiOrgParam()
@Controller('api/admin/v1/organizations/:org/rewards')
export class RewardsAdminController {
  constructor(
    private readonly database: Database,
    private readonly rewards: RewardsRepository,
  ) {}

  @Post()
  @HttpCode(201)
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
    const reward = await this.database.transaction(async (tx) => {
      const values: Record<string, unknown> = await this.columns(tx, org, body);
      if (typeof body.stock === 'number') {
        const redeemed = await this.redeemedSoFar(tx, org, id);
        if (redeemed === null) return null;
        if (body.stock < redeemed)
          throw new InvalidRequestError(`stock: must be at least ${redeemed}, the number of times the reward has already been redeemed.`, [
            { field: 'stock', message: `must be at least ${redeemed}, the number of times the reward has already been redeemed` },
          ]);
        values.redeemed_count = redeemed;
      }
      return REWARDS.update(tx, org, id, values);
    });
    if (!reward) throw new NotFoundError();
    return { reward };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a reward' })
  @ApiIdParam('reward')
  @ApiNoContentResponse({ description: 'Removed.' })
  @AdminErrors('not_found')
  async remove(@Param('org', ResourceIdPipe) org: string, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    if (!(await REWARDS.remove(this.database, org, id))) throw new NotFoundError();
  }

  /**
   * `stock` is how many can be redeemed in all, from the start: the redemptions made before it was
   * set count against it. So the count is taken from the ledger (under the reward's row lock, which
   * redemptions of a reward with a stock also take) rather than from `redeemed_count`, which is not
   * kept while a reward has no stock. Null when there is no such reward.
   */
  private async redeemedSoFar(tx: Sql, org: string, id: string): Promise<number | null> {
    if (!(await this.rewards.lock(tx, org, id))) return null;
    return this.rewards.redemptionsInLedger(tx, org, id);
  }

  /** min_tier must name one of the organization's tiers (stored with its canonical spelling). */
  private async columns(sql: Sql, org: string, body: Partial<RewardDto>) {
    let minTier = body.min_tier;
    if (minTier) {
      const { rows } = await sql.query('SELECT name FROM tiers WHERE organization_id = $1 AND lower(name) = lower($2)', [org, minTier.trim()]);
      if (!rows.length)
        throw new InvalidRequestError(`min_tier "${minTier}" is not a tier of this organization.`, [{ field: 'min_tier', message: 'unknown tier' }]);
      minTier = rows[0].name;
    }
    if (body.available_from && body.available_until && new Date(body.available_from) >= new Date(body.available_until)) {
      throw new InvalidRequestError('available_until: must be after available_from.', [{ field: 'available_until', message: 'must be after available_from' }]);
    }
    return { ...body, min_tier: minTier };
  }
}
