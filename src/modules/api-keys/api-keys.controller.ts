import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_TOKEN, AdminErrors, ApiIdParam, ApiOrgParam, BODY_ERRORS, TAGS } from '../../common/openapi/decorators';
import { ResourceIdPipe } from '../../common/http/resource-id.pipe';
import { CarriesSecret } from '../../common/http/security-headers';
import { CreateApiKeyDto } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyListResponse, CreatedApiKeyResponse } from './api-keys.responses';

/** Admin API: the access guard lets only `Authorization: Bearer $ADMIN_TOKEN` reach /api/admin/v1. */
@ApiTags(TAGS.apiKeys)
@ApiBearerAuth(ADMIN_TOKEN)
@ApiOrgParam()
@Controller('api/admin/v1/organizations/:org/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** 201 with the full key: the only time anyone sees it. */
  @Post()
  @CarriesSecret()
  @ApiOperation({ summary: 'Issue an API key', description: 'The response holds the full key: the only time anyone sees it.' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @AdminErrors(...BODY_ERRORS, 'not_found')
  async create(@Param('org', ResourceIdPipe) organizationId: string, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return { api_key: await this.keys.create(organizationId, body.name) };
  }

  @Get()
  @ApiOperation({ summary: "List the organization's API keys", description: 'Revoked ones too; never the secrets.' })
  @ApiOkResponse({ type: ApiKeyListResponse })
  @AdminErrors('not_found')
  async list(@Param('org', ResourceIdPipe) organizationId: string): Promise<ApiKeyListResponse> {
    return { api_keys: await this.keys.list(organizationId) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: 'Refused from the very next request on, on every instance.' })
  @ApiIdParam('API key')
  @ApiNoContentResponse({ description: 'Revoked.' })
  @AdminErrors('not_found')
  async revoke(@Param('org', ResourceIdPipe) organizationId: string, @Param('id', ResourceIdPipe) keyId: string): Promise<void> {
    await this.keys.revoke(organizationId, keyId);
  }
}
