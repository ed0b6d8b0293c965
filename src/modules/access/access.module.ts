import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { RouteMetadataCache } from '../../common/http/route-metadata-cache';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AccessGuard } from './access.guard';
import { ApiKeyThrottlerGuard, PER_KEY_THROTTLER } from './api-key-throttler.guard';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { KeyConfirmationHook } from './key-confirmation.hook';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RateLimitStorage } from './rate-limit/rate-limit.storage';

/** Who may call what, and how often: the global guard, the admin token, per-key and per-address limits. */
@Module({
  imports: [
    ApiKeysModule,
    RateLimitModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitModule],
      inject: [AppConfig, RateLimitStorage],
      useFactory: (config: AppConfig, storage: RateLimitStorage) => ({
        storage,
        // A fixed minute per key; a client over it is refused until the minute ends (no extra block).
        throttlers: [{ name: PER_KEY_THROTTLER, ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE, blockDuration: 0 }],
      }),
    }),
  ],
  providers: [RouteMetadataCache, AuthFailureLimiter, ApiKeyThrottlerGuard, { provide: APP_GUARD, useClass: AccessGuard }, KeyConfirmationHook],
})
export class AccessModule {}
