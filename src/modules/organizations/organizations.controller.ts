import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_TOKEN, AdminErrors, ApiOrgParam, BODY_ERRORS, TAGS } from '../../common/openapi/decorators';
import { CreateOrganizationDto, UpdateOrganizationDto } from './organization.dto';
import { organizationView } from './organization';
import { OrganizationsService } from './organizations.service';
import { OrganizationResponse } from './organizations.responses';
import { ResourceIdPipe } from '../../common/http/resource-id.pipe';

/** Admin API: the access guard lets only `Authorization: Bearer $ADMIN_TOKEN` reach /api/admin/v1. */
@ApiTags(TAGS.organizations)
@ApiBearerAuth(ADMIN_TOKEN)
@Controller('api/admin/v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an organization' })
  @ApiCreatedResponse({ type: OrganizationResponse })
  @AdminErrors(...BODY_ERRORS)
  async create(@Body() body: CreateOrganizationDto): Promise<OrganizationResponse> {
    const org = await this.organizations.create({
      name: body.name,
      earnRate: body.earn_rate,
      timezone: body.timezone,
      refundPolicy: body.refund_policy,
      pointsExpireAfterDays: body.points_expire_after_days,
    });
    return { organization: organizationView(org) };
  }

  @Get(':org')
  @ApiOperation({ summary: 'Get an organization' })
  @ApiOrgParam()
  @ApiOkResponse({ type: OrganizationResponse })
  @AdminErrors('not_found')
  async get(@Param('org', ResourceIdPipe) id: string): Promise<OrganizationResponse> {
    return { organization: organizationView(await this.organizations.get(id)) };
  }

  @Patch(':org')
  @ApiOperation({ summary: 'Change an organization', description: 'Any of the fields; absent ones are unchanged.' })
  @ApiOrgParam()
  @ApiOkResponse({ type: OrganizationResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  async update(@Param('org', ResourceIdPipe) id: string, @Body() body: UpdateOrganizationDto): Promise<OrganizationResponse> {
    const org = await this.organizations.update(id, {
      name: body.name,
      earnRate: body.earn_rate,
      timezone: body.timezone,
      refundPolicy: body.refund_policy,
      pointsExpireAfterDays: body.points_expire_after_days,
    });
    return { organization: organizationView(org) };
  }
}
