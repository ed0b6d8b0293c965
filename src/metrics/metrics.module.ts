import { Global, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { measureCommands } from './command-metrics';
import { measureHttp } from './http-metrics';
import { Metrics } from './metrics';
import { measurePool } from './pool-metrics';
import { registerScrapedGauges } from './scraped-gauges';

/**
 * Hooks the measuring in once the application's providers exist, before its routes serve: the
 * HTTP hook on Fastify, the wrapper on the CommandBus, the pool's gauges and checkout timing, the
 * gauges read at scrape time. Nothing at all when metrics are off (METRICS_PORT=0).
 */
@Injectable()
class MetricsInstrumentation implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly commandBus: CommandBus,
    private readonly database: Database,
  ) {}

  onModuleInit(): void {
    if (!this.metrics.enabled) return;
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) measureHttp(fastify, this.metrics);
    measureCommands(this.commandBus, this.metrics);
    measurePool(this.database.pool, this.config.DB_POOL_SIZE, this.metrics);
    registerScrapedGauges(this.database, this.metrics, new Logger('Metrics'));
  }
}

/** The service's Prometheus metrics: `Metrics` for whoever counts something, measured from here. */
@Global()
@Module({
  providers: [{ provide: Metrics, inject: [AppConfig], useFactory: (config: AppConfig) => new Metrics(config.METRICS_PORT !== 0) }, MetricsInstrumentation],
  exports: [Metrics],
})
export class MetricsModule {}
