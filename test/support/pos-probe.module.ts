import { Controller, Get, Module } from '@nestjs/common';
import { CurrentOrganization, OrganizationContext } from '../../src/common/http/current-organization.decorator';

/**
 * A test-only POS route (`GET /api/v1/__probe/whoami`): not public, so the access guard requires an
 * API key, and it answers with the organization context the guard set.
 */
@Controller('api/v1/__probe')
class PosProbeController {
  @Get('whoami')
  whoami(@CurrentOrganization() organization: OrganizationContext) {
    return { organization_id: organization.organizationId, api_key_id: organization.apiKeyId };
  }
}

@Module({ controllers: [PosProbeController] })
export class PosProbeModule {}
