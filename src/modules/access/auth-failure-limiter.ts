import { Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { Metrics } from '../../metrics/metrics';
import { limitHeaders, RateLimitedError, UnauthorizedError } from './access.errors';
import { RateLimitStorage } from './rate-limit/rate-limit.storage';

/** Failed authentications an address may make per minute: RATE_LIMIT_PER_MINUTE, but never more than this. */
export const AUTH_FAILURE_LIMIT_CAP = 60;
const WINDOW_MS = 60_000;
const COUNTER = 'auth-failures';

/**
 * Limits requests without valid credentials per client address, so keys (and the admin token)
 * cannot be guessed at speed and bad requests cannot make the service run bcrypt without end.
 * Requests with a valid key are never counted here (they count against their key instead).
 */
@Injectable()
export class AuthFailureLimiter {
  readonly limit: number;

  constructor(
    config: AppConfig,
    private readonly storage: RateLimitStorage,
    private readonly metrics: Metrics,
  ) {
    this.limit = Math.min(config.RATE_LIMIT_PER_MINUTE, AUTH_FAILURE_LIMIT_CAP);
  }

  /**
   * Before any check that costs (bcrypt) or could tell a right guess from a wrong one: an address
   * that has used up its failures is answered 429 whatever it sends, until its window ends.
   */
  async assertAllowed(request: FastifyRequest): Promise<void> {
    const { hits, msToReset } = await this.storage.peek(this.tracker(request), COUNTER);
    if (hits >= this.limit) throw this.refusal(Math.max(1, Math.ceil(msToReset / 1000)));
  }

  /** Counts a failed authentication against the address and answers it: 401, or 429 once over the limit. */
  async refuse(request: FastifyRequest, message: string): Promise<never> {
    const record = await this.storage.increment(this.tracker(request), WINDOW_MS, this.limit, 0, COUNTER);
    if (record.isBlocked) throw this.refusal(record.timeToExpire);
    throw new UnauthorizedError(message, limitHeaders({ limit: this.limit, remaining: this.limit - record.totalHits, resetSeconds: record.timeToExpire }));
  }

  private refusal(resetSeconds: number): RateLimitedError {
    this.metrics.rateLimitRefused('address');
    return new RateLimitedError(this.limit, resetSeconds);
  }

  /** The socket's address (IPv6 grouped by /64, as @nestjs/throttler does). */
  private tracker(request: FastifyRequest): string {
    return `addr:${normalizeIp(request.ip, 64)}`;
  }
}
