import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who is calling the POS API: set on the request by the API-key guard once the key is verified. */
export interface OrganizationContext {
  organizationId: string;
  apiKeyId: string;
  /**
   * Whether the key has been seen active (not revoked) in the database during this request. The
   * guard reads the key's row itself, except on routes whose first statement does it for it
   * (`@ConfirmsKeyInQuery()`); those set this once their statement has answered (docs/security.md).
   */
  keyConfirmed: boolean;
}

export const ORGANIZATION_CONTEXT = 'organizationContext';

/** The request's caller as the guard set it (undefined before the guard, or on a route without a key). */
export function organizationContextOf(request: object): OrganizationContext | undefined {
  return (request as Record<string, OrganizationContext | undefined>)[ORGANIZATION_CONTEXT];
}

/** Sets the request's caller: the guard, once the key is verified. */
export function setOrganizationContext(request: object, caller: OrganizationContext): void {
  (request as Record<string, OrganizationContext>)[ORGANIZATION_CONTEXT] = caller;
}

/**
 * The calling key's organization. Every read and write of the POS API is scoped by it, so another
 * organization's data does not exist for the caller.
 */
export const CurrentOrganization = createParamDecorator((_: unknown, ctx: ExecutionContext): OrganizationContext => {
  const context = ctx.switchToHttp().getRequest()[ORGANIZATION_CONTEXT];
  if (!context) throw new Error('CurrentOrganization used on a route the API-key guard does not cover');
  return context;
});
