import { Global, Module } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency.repository';

@Global()
@Module({ providers: [IdempotencyRepository], exports: [IdempotencyRepository] })
export class IdempotencyModule {}
