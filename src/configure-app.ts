import fastifyHelmet from '@fastify/helmet';
import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { answerClientError, answerFrameworkError, ApiExceptionFilter } from './common/http/api-exception.filter';
import { InvalidRequestError } from './common/errors/api-error';
import { duplicateKeyPath } from './common/http/duplicate-keys';
import { requestIdFor } from './common/http/request-id';
import { SECURITY_HEADERS } from './common/http/security-headers';
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
    // Nest would add a parser for form bodies (application/x-www-form-urlencoded): see acceptOnlyJson.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();

  acceptOnlyJson(fastify);
  // Callback hooks rather than async ones: an async hook costs every request a promise.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  await app.register(fastifyHelmet, SECURITY_HEADERS);
  fastify.addHook('onResponse', (request, reply, done) => {
    request.log.info({ method: request.method, ...whereTo(request), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });

  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(new ApiValidationPipe());
  app.enableShutdownHooks([]);
  serveOpenApi(app);
  return app;
}

/**
 * Every body is JSON (the contract): any other Content-Type, form bodies included, is answered 400
 * `invalid_request` by the filter, before a route sees it. Fastify's own JSON parser reads the
 * body (refusing `__proto__` and `constructor.prototype` members), then a body with a member
 * given twice is refused too, naming it (see duplicate-keys.ts).
 */
function acceptOnlyJson(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, text, done) => {
    parseJson(request, text as string, (error: Error | null, body?: unknown) => {
      const duplicate = error ? undefined : duplicateKeyPath(text as string);
      if (duplicate === undefined) return done(error, body);
      done(
        new InvalidRequestError(`The member ${duplicate} appears more than once in the body.`, [{ field: duplicate, message: 'appears more than once' }]),
        undefined,
      );
    });
  });
}

/**
 * Where a request went, for its log line: the route's pattern (`/api/v1/customers/:code`), never
 * the URL, whose query string can hold an email (`?email=…`) and whose path a code or an id. A
 * request that matched no route logs its path without the query string.
 */
function whereTo(request: FastifyRequest): { route: string } | { path: string } {
  const route = request.routeOptions.url;
  if (route !== undefined) return { route };
  const query = request.url.indexOf('?');
  return { path: query === -1 ? request.url : request.url.slice(0, query) };
}
