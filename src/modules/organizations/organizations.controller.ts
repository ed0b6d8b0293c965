import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { CreateOrganizationDto, UpdateOrganizationDto } from './organization.dto';
import { organizationView } from './organization';
import { OrganizationsService } from './organizations.service';
import { ResourceIdPipe } from '../../common/http/resource-id.pipe';

/** Admin API: the access guard lets only `Authorization: Bearer $ADMIN_TOKEN` reach /api/admin/v1. */
@Controller('api/admin/v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  async create(@Body() body: CreateOrganizationDto) {
    const org = await this.organizations.create({ name: body.name, earnRate: body.earn_rate, timezone: body.timezone });
    return { organization: organizationView(org) };
  }

  @Get(':org')
  async get(@Param('org', ResourceIdPipe) id: string) {
    return { organization: organizationView(await this.organizations.get(id)) };
  }

  @Patch(':org')
  async update(@Param('org', ResourceIdPipe) id: string, @Body() body: UpdateOrganizationDto) {
    const org = await this.organizations.update(id, { name: body.name, earnRate: body.earn_rate, timezone: body.timezone });
    return { organization: organizationView(org) };
  }
}
