import type { FastifyInstance, FastifyRequest } from 'fastify';
import { answeredErrorCode } from '../common/http/api-exception.filter';
import { Metrics } from './metrics';

/** The one label value of every request no route matched (unknown paths, broken URLs): their paths are the caller's, unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route template that answered (`/api/v1/customers/:code`), never the URL itself, which can
 * carry a loyalty code or an email.
 */
export function routeLabel(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}

/**
 * Counts every answered request by route, method and status, times it, and counts error
 * envelopes by code, in one onResponse hook: it runs once the answer is sent, whatever answered
 * (a controller, the error filter, Fastify's own errors, the not-found handler).
 */
export function measureHttp(fastify: FastifyInstance, metrics: Metrics): void {
  // A callback hook, like the others: an async one would cost every request a promise.
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = routeLabel(request);
    const method = request.method;
    metrics.httpRequests.inc({ route, method, status: reply.statusCode });
    metrics.httpDuration.observe({ route, method }, reply.elapsedTime / 1000);
    const code = answeredErrorCode(reply);
    if (code !== undefined) metrics.httpErrors.inc({ code });
    done();
  });
}
