import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { answerClientError, answerFrameworkError, ApiExceptionFilter } from './common/http/api-exception.filter';
import { requestIdFor } from './common/http/request-id';
import { ApiValidationPipe } from './common/http/validation.pipe';
import { PinoNestLogger } from './common/logging/logger';
import { serveOpenApi } from './common/openapi/openapi';
import { AppConfig, trustProxyOption } from './config/app-config';
import { DatabaseConnection } from './database/database-connection';

export const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * Builds the application exactly as it serves: used by main.ts and by the e2e tests, so the tests
 * exercise the same adapter, hooks, pipes and filters as production.
 */
export async function createApp(
  config: AppConfig,
  connection: DatabaseConnection,
  logger: Logger,
  options: { extraModules?: Array<Type | DynamicModule> } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One log line per request comes from the onResponse hook below, with the request id bound.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    genReqId: requestIdFor,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    // While draining on SIGTERM, requests on open connections are still served, not refused.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // What Fastify and Node answer themselves (malformed URLs and HTTP) gets the envelope too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, connection, options.extraModules), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();

  // Only JSON bodies are accepted; anything else is answered by the envelope (see the filter).
  fastify.removeContentTypeParser(['text/plain']);
  // Callback hooks rather than async ones: an async hook costs every request a promise.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });

  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(new ApiValidationPipe());
  app.enableShutdownHooks([]);
  serveOpenApi(app);
  return app;
}
