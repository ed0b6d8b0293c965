import { Module } from '@nestjs/common';
import { RateLimitStorage } from './rate-limit.storage';

/** The counters, on their own so that ThrottlerModule.forRootAsync can import them. */
@Module({ providers: [RateLimitStorage], exports: [RateLimitStorage] })
export class RateLimitModule {}
