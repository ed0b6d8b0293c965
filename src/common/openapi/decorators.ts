import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiParam, getSchemaPath } from '@nestjs/swagger';

export { AdminErrors, ApiErrors, BODY_ERRORS, PosErrors } from './error-responses';

/** Security scheme names, used by the controllers' @ApiBearerAuth(). */
export const POS_API_KEY = 'api_key';
export const ADMIN_TOKEN = 'admin_token';

export const TAGS = {
  purchases: 'POS: purchases',
  customers: 'POS: customers',
  rewards: 'POS: rewards',
  organizations: 'Admin: organizations',
  apiKeys: 'Admin: API keys',
  earningSettings: 'Admin: tiers, bonuses, earn rules',
  rewardCatalogue: 'Admin: rewards',
  customerAdmin: 'Admin: customers',
  ledger: 'Admin: ledger',
  health: 'Health',
} as const;

/** A JSON request body of the DTO's schema, with named examples (Swagger UI offers them in a list). */
export function ApiJsonBody(dto: Type, examples: Record<string, { summary?: string; value: unknown }>) {
  return applyDecorators(ApiExtraModels(dto), ApiBody({ schema: { $ref: getSchemaPath(dto) }, examples }));
}

/** The `:org` path parameter of the admin routes. */
export const ApiOrgParam = () => ApiParam({ name: 'org', description: 'The organization id.', schema: { type: 'string', format: 'uuid' } });

/** An `:id` path parameter. */
export const ApiIdParam = (what: string) => ApiParam({ name: 'id', description: `The ${what} id.`, schema: { type: 'string', format: 'uuid' } });
