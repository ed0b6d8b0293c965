import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidRequestError, NotFoundError } from '../../../common/errors/api-error';
import { ResourceIdPipe } from '../../../common/http/resource-id.pipe';
import { ADMIN_TOKEN, AdminErrors, ApiIdParam, ApiOrgParam, BODY_ERRORS, TAGS } from '../../../common/openapi/decorators';
import { Database } from '../../../database/database';
import { formatDecimal4, parseDecimal4 } from '../policy';
import { BonusDto, UpdateBonusDto } from './bonuses.dto';
import { EarnRuleDto, UpdateEarnRuleDto } from './earn-rules.dto';
import { BonusListResponse, BonusResponse, EarnRuleListResponse, EarnRuleResponse, TierListResponse, TierResponse } from './earning-settings.responses';
import { BONUSES, EARN_RULES, TIERS } from './earning-settings.tables';
import { assertOrganizationExists } from './organization-scope';
import { SettingsTable } from './settings-table';
import { TierDto, UpdateTierDto } from './tiers.dto';

const decimal = (v: number | string | undefined) => (v === undefined ? undefined : formatDecimal4(parseDecimal4(v)));

/** Cross-field rules are checked here for a clear message; the database CHECKs back them on PATCH too. */
function bonusColumns(b: Partial<BonusDto>, creating: boolean) {
  const given = (v: unknown) => v !== undefined && v !== null;
  if ((creating || (b.start_time !== undefined && b.end_time !== undefined)) && given(b.start_time) !== given(b.end_time)) {
    throw new InvalidRequestError('start_time and end_time go together: give both or neither.', [
      { field: given(b.start_time) ? 'end_time' : 'start_time', message: 'required with the other' },
    ]);
  }
  if (b.starts_on && b.ends_on && b.starts_on > b.ends_on)
    throw new InvalidRequestError('ends_on: must not be before starts_on.', [{ field: 'ends_on', message: 'must not be before starts_on' }]);
  return { ...b, multiplier: decimal(b.multiplier), days_of_week: b.days_of_week?.length ? [...new Set(b.days_of_week)].sort() : b.days_of_week && null };
}

function ruleColumns(r: Partial<EarnRuleDto>) {
  if (r.type === 'bulk' && r.quantity !== undefined && r.quantity < 2)
    throw new InvalidRequestError('A bulk rule needs quantity of at least 2.', [{ field: 'quantity', message: 'must be at least 2 for bulk' }]);
  return { ...r, match: r.match?.trim() };
}

/**
 * The dashboard's settings that points depend on: tiers, bonuses and product earn rules, each
 * created, listed, changed and removed under /api/admin/v1/organizations/:org.
 */
@ApiTags(TAGS.earningSettings)
@ApiBearerAuth(ADMIN_TOKEN)
@ApiOrgParam()
@Controller('api/admin/v1/organizations/:org')
export class EarningSettingsController {
  constructor(private readonly database: Database) {}

  @Post('tiers')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a tier' })
  @ApiCreatedResponse({ type: TierResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  createTier(@Param('org', ResourceIdPipe) org: string, @Body() body: TierDto) {
    return this.create(org, TIERS, 'tier', { ...body, multiplier: decimal(body.multiplier) });
  }

  @Get('tiers')
  @ApiOperation({ summary: 'List the tiers', description: 'By `min_lifetime_points`.' })
  @ApiOkResponse({ type: TierListResponse })
  @AdminErrors('not_found')
  listTiers(@Param('org', ResourceIdPipe) org: string) {
    return this.list(org, TIERS, 'tiers');
  }

  @Patch('tiers/:id')
  @ApiOperation({ summary: 'Change a tier', description: 'Any of the fields, each validated as on creation.' })
  @ApiIdParam('tier')
  @ApiOkResponse({ type: TierResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  updateTier(@Param('org', ResourceIdPipe) org: string, @Param('id', ResourceIdPipe) id: string, @Body() body: UpdateTierDto) {
    return this.update(org, id, TIERS, 'tier', { ...body, multiplier: decimal(body.multiplier) });
  }

  @Delete('tiers/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a tier' })
  @ApiIdParam('tier')
  @ApiNoContentResponse({ description: 'Removed.' })
  @AdminErrors('not_found')
  removeTier(@Param('org', ResourceIdPipe) org: string, @Param('id', ResourceIdPipe) id: string) {
    return this.remove(org, id, TIERS);
  }

  @Post('bonuses')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a bonus' })
  @ApiCreatedResponse({ type: BonusResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  createBonus(@Param('org', ResourceIdPipe) org: string, @Body() body: BonusDto) {
    return this.create(org, BONUSES, 'bonus', bonusColumns(body, true));
  }

  @Get('bonuses')
  @ApiOperation({ summary: 'List the bonuses', description: 'In the order they were created.' })
  @ApiOkResponse({ type: BonusListResponse })
  @AdminErrors('not_found')
  listBonuses(@Param('org', ResourceIdPipe) org: string) {
    return this.list(org, BONUSES, 'bonuses');
  }

  @Patch('bonuses/:id')
  @ApiOperation({ summary: 'Change a bonus', description: 'Any of the fields, each validated as on creation.' })
  @ApiIdParam('bonus')
  @ApiOkResponse({ type: BonusResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  updateBonus(@Param('org', ResourceIdPipe) org: string, @Param('id', ResourceIdPipe) id: string, @Body() body: UpdateBonusDto) {
    return this.update(org, id, BONUSES, 'bonus', bonusColumns(body, false));
  }

  @Delete('bonuses/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a bonus' })
  @ApiIdParam('bonus')
  @ApiNoContentResponse({ description: 'Removed.' })
  @AdminErrors('not_found')
  removeBonus(@Param('org', ResourceIdPipe) org: string, @Param('id', ResourceIdPipe) id: string) {
    return this.remove(org, id, BONUSES);
  }

  @Post('earn-rules')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a product earn rule' })
  @ApiCreatedResponse({ type: EarnRuleResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  createRule(@Param('org', ResourceIdPipe) org: string, @Body() body: EarnRuleDto) {
    return this.create(org, EARN_RULES, 'earn_rule', ruleColumns({ quantity: 1, ...body }));
  }

  @Get('earn-rules')
  @ApiOperation({ summary: 'List the product earn rules', description: 'In the order they were created, which is the order they apply in.' })
  @ApiOkResponse({ type: EarnRuleListResponse })
  @AdminErrors('not_found')
  listRules(@Param('org', ResourceIdPipe) org: string) {
    return this.list(org, EARN_RULES, 'earn_rules');
  }

  @Patch('earn-rules/:id')
  @ApiOperation({ summary: 'Change a product earn rule', description: 'Any of the fields, each validated as on creation.' })
  @ApiIdParam('earn rule')
  @ApiOkResponse({ type: EarnRuleResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  updateRule(@Param('org', ResourceIdPipe) org: string, @Param('id', ResourceIdPipe) id: string, @Body() body: UpdateEarnRuleDto) {
    return this.update(org, id, EARN_RULES, 'earn_rule', ruleColumns(body));
  }

  @Delete('earn-rules/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a product earn rule' })
  @ApiIdParam('earn rule')
  @ApiNoContentResponse({ description: 'Removed.' })
  @AdminErrors('not_found')
  removeRule(@Param('org', ResourceIdPipe) org: string, @Param('id', ResourceIdPipe) id: string) {
    return this.remove(org, id, EARN_RULES);
  }

  private async create(org: string, table: SettingsTable<unknown>, name: string, values: Record<string, unknown>) {
    await assertOrganizationExists(this.database, org);
    const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    return { [name]: await table.create(this.database, org, defined) };
  }

  private async list(org: string, table: SettingsTable<unknown>, name: string) {
    await assertOrganizationExists(this.database, org);
    return { [name]: await table.list(this.database, org) };
  }

  private async update(org: string, id: string, table: SettingsTable<unknown>, name: string, changes: Record<string, unknown>) {
    const updated = await table.update(this.database, org, id, changes);
    if (!updated) throw new NotFoundError();
    return { [name]: updated };
  }

  private async remove(org: string, id: string, table: SettingsTable<unknown>) {
    if (!(await table.remove(this.database, org, id))) throw new NotFoundError();
  }
}
