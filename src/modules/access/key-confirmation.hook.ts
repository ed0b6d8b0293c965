import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organizationContextOf } from '../../common/http/current-organization.decorator';
import { parseApiKey } from '../api-keys/api-key-format';
import { ApiKeyVerifier } from '../api-keys/api-key-verifier';
import { logFailure, prepareEnvelope, toEnvelope } from '../../common/http/api-exception.filter';
import { INVALID_API_KEY_MESSAGE, UnauthorizedError } from './access.errors';
import { bearerToken } from './bearer-token';

/**
 * No answer to an API-key request leaves before the key was seen active in the database during
 * that request. The guard confirms it, except on `@ConfirmsKeyInQuery()` routes, whose first
 * statement does; when such a request is answered without that statement having confirmed it (a
 * validation error, an unknown code, a handler that forgot), the key is checked here, as the
 * answer is about to be sent, and a revoked key gets the 401 instead of the answer.
 *
 * A Fastify onSend hook rather than a Nest interceptor: it sees successes and errors alike
 * (errors are sent through the reply too), and costs a property read on every other response.
 */
@Injectable()
export class KeyConfirmationHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: ApiKeyVerifier,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // A callback hook: the answers that need no check (nearly all) go on without a promise.
    fastify?.addHook('onSend', (request, reply, payload, done) => {
      if (!this.needsCheck(request, reply)) return done(null, payload);
      this.confirmBeforeSend(request, reply, payload).then((checked) => done(null, checked), done);
    });
  }

  private needsCheck(request: FastifyRequest, reply: FastifyReply): boolean {
    const caller = organizationContextOf(request);
    // A 5xx tells nothing about the organization's data, and is most often the database being
    // down, which would make the check fail too: it goes out as it is.
    return caller !== undefined && !caller.keyConfirmed && reply.statusCode < 500;
  }

  private async confirmBeforeSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const caller = organizationContextOf(request)!;
    let active: boolean;
    try {
      active = await this.verifier.isActive(caller.apiKeyId);
    } catch (error) {
      // The key cannot be checked: the answer becomes the error (a 503 when the database is down).
      return this.replaceWith(request, reply, error);
    }
    if (active) {
      caller.keyConfirmed = true;
      return payload;
    }
    const parts = parseApiKey(bearerToken(request.headers.authorization));
    if (parts) this.verifier.forget(parts.lookupId); // its next request goes through the guard's full check
    return this.replaceWith(request, reply, new UnauthorizedError(INVALID_API_KEY_MESSAGE));
  }

  /** The answer about to be sent becomes `error`'s envelope (an onSend hook returns the new payload). */
  private replaceWith(request: FastifyRequest, reply: FastifyReply, error: unknown): string {
    const envelope = toEnvelope(error);
    logFailure(request, error, envelope);
    return JSON.stringify(prepareEnvelope(reply, envelope));
  }
}
