import { ExecutionContext, Injectable } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { organizationContextOf, OrganizationContext } from '../../common/http/current-organization.decorator';
import { RouteMetadataCache } from '../../common/http/route-metadata-cache';
import { Metrics } from '../../metrics/metrics';
import { RateLimitedError } from './access.errors';

/** The per-key limit's throttler name: "default", so @nestjs/throttler names its headers X-RateLimit-* without a suffix. */
export const PER_KEY_THROTTLER = 'default';

/**
 * @nestjs/throttler's guard, counting per API key across all routes. It only ever runs after the
 * key was verified (the access guard calls it), so its tracker is the verified key's id, never
 * anything a caller could choose; requests without a verified key are skipped here and limited
 * per address by AuthFailureLimiter instead.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  /** The route metadata the guard reads on every request, read once per route instead. */
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    routes: RouteMetadataCache,
    private readonly metrics: Metrics,
  ) {
    super(options, storage, routes);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !this.organizationOf(context.switchToHttp().getRequest());
  }

  // The parent's signature, whose request is Record<string, any>.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    return `key:${this.organizationOf(request)!.apiKeyId}`;
  }

  /** One count per key across every route (the default key would count each handler separately). */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  /** 429 in the envelope, with Retry-After and the X-RateLimit-* headers. */
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.metrics.rateLimitRefused('api_key');
    throw new RateLimitedError(detail.limit, detail.timeToBlockExpire || detail.timeToExpire);
  }

  private organizationOf(request: object): OrganizationContext | undefined {
    return organizationContextOf(request);
  }
}
