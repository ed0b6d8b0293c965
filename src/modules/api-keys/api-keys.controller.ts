import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ResourceIdPipe } from '../../common/http/resource-id.pipe';
import { CreateApiKeyDto } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';

/** Admin API: the access guard lets only `Authorization: Bearer $ADMIN_TOKEN` reach /api/admin/v1. */
@Controller('api/admin/v1/organizations/:org/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** 201 with the full key: the only time anyone sees it. */
  @Post()
  async create(@Param('org', ResourceIdPipe) organizationId: string, @Body() body: CreateApiKeyDto) {
    return { api_key: await this.keys.create(organizationId, body.name) };
  }

  @Get()
  async list(@Param('org', ResourceIdPipe) organizationId: string) {
    return { api_keys: await this.keys.list(organizationId) };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('org', ResourceIdPipe) organizationId: string, @Param('id', ResourceIdPipe) keyId: string): Promise<void> {
    await this.keys.revoke(organizationId, keyId);
  }
}
