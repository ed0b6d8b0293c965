import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OrganizationContext, setOrganizationContext } from '../../common/http/current-organization.decorator';
import { IS_PUBLIC } from '../../common/http/public.decorator';
import { RouteMetadataCache } from '../../common/http/route-metadata-cache';
import { AppConfig } from '../../config/app-config';
import { parseApiKey } from '../api-keys/api-key-format';
import { ApiKeyVerifier } from '../api-keys/api-key-verifier';
import { INVALID_ADMIN_TOKEN_MESSAGE, INVALID_API_KEY_MESSAGE } from './access.errors';
import { AdminToken } from './admin-token';
import { ApiKeyThrottlerGuard } from './api-key-throttler.guard';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { bearerToken } from './bearer-token';
import { CONFIRMS_KEY_IN_QUERY } from './confirms-key-in-query.decorator';

export const ADMIN_ROUTE_PREFIX = '/api/admin/';

/**
 * The one global guard, so the order is explicit rather than a matter of registration:
 *
 * - `@Public()` routes (health checks): no credentials, no limits.
 * - Admin routes (/api/admin/…): the ADMIN_TOKEN bearer, compared in constant time. Not limited
 *   per key; failed attempts count against the caller's address.
 * - Every other route (the POS API under /api/v1, and any route added later unless it says
 *   otherwise): an API key. Verified first, then limited per key; failures count per address.
 *   On `@ConfirmsKeyInQuery()` routes a secret that already verified in this process is let
 *   through on the cache alone, and the route's first statement checks revocation.
 *
 * Routes are told apart by the path they were declared with (Fastify's route pattern), not by the
 * raw URL a caller sent.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly adminToken: AdminToken;

  constructor(
    config: AppConfig,
    private readonly routes: RouteMetadataCache,
    private readonly verifier: ApiKeyVerifier,
    private readonly failures: AuthFailureLimiter,
    private readonly perKeyLimit: ApiKeyThrottlerGuard,
  ) {
    this.adminToken = new AdminToken(config.ADMIN_TOKEN);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.routes.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.routeOptions?.url?.startsWith(ADMIN_ROUTE_PREFIX)) return this.authorizeAdmin(request);
    const confirmsInQuery = this.routes.getAllAndOverride<boolean>(CONFIRMS_KEY_IN_QUERY, targets) === true;
    setOrganizationContext(request, await this.authenticateKey(request, confirmsInQuery));
    return this.perKeyLimit.canActivate(context);
  }

  private async authorizeAdmin(request: FastifyRequest): Promise<boolean> {
    // Checked before comparing, so a blocked address cannot tell a right guess from a wrong one.
    await this.failures.assertAllowed(request);
    if (this.adminToken.matches(bearerToken(request.headers.authorization))) return true;
    return this.failures.refuse(request, INVALID_ADMIN_TOKEN_MESSAGE);
  }

  private async authenticateKey(request: FastifyRequest, confirmsInQuery: boolean): Promise<OrganizationContext> {
    const parts = parseApiKey(bearerToken(request.headers.authorization));
    if (!parts) return this.failures.refuse(request, INVALID_API_KEY_MESSAGE);
    const warm = confirmsInQuery ? this.verifier.warmOwner(parts) : undefined;
    if (warm) return { ...warm, keyConfirmed: false };
    // A key that already verified in this process costs a SHA-256: it is let through even from an
    // address over its failure budget. Anything that would need bcrypt is refused there first.
    if (!this.verifier.isWarm(parts)) await this.failures.assertAllowed(request);
    const owner = await this.verifier.verify(parts);
    return owner ? { ...owner, keyConfirmed: true } : this.failures.refuse(request, INVALID_API_KEY_MESSAGE);
  }
}
