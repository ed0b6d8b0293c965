import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { AppConfig } from '../../../config/app-config';
import { MemoryWindowStore } from './memory-window-store';
import { RedisWindowStore } from './redis-window-store';
import { WindowCount, WindowStore } from './window-store';

/** After a Redis failure, requests skip Redis this long, so a hanging Redis costs one timeout, not one per request. */
const REDIS_RETRY_AFTER_MS = 5_000;

/** What @nestjs/throttler expects back from its storage (seconds, rounded up, at least 1). */
export interface LimitRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * The rate-limit counters: in Redis when REDIS_URL is set (so every instance shares one count),
 * else in memory. If Redis fails, this fails open to the in-process counters with one warning:
 * limits keep applying, per instance instead of shared, and no request gets a 5xx because of it.
 * A later success logs the recovery.
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly memory = new MemoryWindowStore();
  private readonly redis?: RedisWindowStore;
  private redisFailing = false;
  private skipRedisUntil = 0;
  private connecting?: Promise<void>;

  constructor(config: AppConfig) {
    if (config.REDIS_URL) this.redis = new RedisWindowStore(config.REDIS_URL);
  }

  get sharedAcrossInstances(): boolean {
    return this.redis !== undefined && !this.redisFailing;
  }

  /**
   * Waits (at most 2 s) for Redis before serving, so instances count together from the first
   * request. Memoised: Nest calls the hook once per module holding this instance, and
   * ThrottlerModule holds it too (as its storage).
   */
  onModuleInit(): Promise<void> {
    this.connecting ??= this.connectRedis();
    return this.connecting;
  }

  private async connectRedis(): Promise<void> {
    if (this.redis && !(await this.redis.connect(2000))) this.redisFailed(new Error('cannot connect'));
  }

  onApplicationShutdown(): void {
    this.redis?.close();
  }

  /** ThrottlerStorage: `ttl` and `blockDuration` in milliseconds, as @nestjs/throttler passes them. */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<LimitRecord> {
    const count = await this.use((store) => store.hit(`${throttlerName}:${key}`, ttl, limit, blockDuration));
    return toRecord(count, limit);
  }

  async peek(key: string, throttlerName: string): Promise<WindowCount> {
    return this.use((store) => store.peek(`${throttlerName}:${key}`));
  }

  private async use<T>(work: (store: WindowStore) => Promise<T>): Promise<T> {
    if (this.redis && Date.now() >= this.skipRedisUntil) {
      try {
        const result = await work(this.redis);
        if (this.redisFailing) {
          this.redisFailing = false;
          this.logger.log('Redis is reachable again: rate limits are shared between instances again');
        }
        return result;
      } catch (error) {
        this.redisFailed(error);
      }
    }
    return work(this.memory);
  }

  private redisFailed(error: unknown): void {
    this.skipRedisUntil = Date.now() + REDIS_RETRY_AFTER_MS;
    if (this.redisFailing) return;
    this.redisFailing = true;
    this.logger.warn(`Redis is unreachable (${(error as Error)?.message}): rate limits are counted in this instance's memory until it is back`);
  }
}

function toRecord({ hits, msToReset }: WindowCount, limit: number): LimitRecord {
  const seconds = Math.max(1, Math.ceil(msToReset / 1000));
  const isBlocked = hits > limit;
  return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
}
