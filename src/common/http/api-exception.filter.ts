import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error';
import { constraintFieldError } from '../errors/constraint-errors';
import { isConstraintViolation, isDatabaseUnavailable } from '../errors/database-errors';
import { StreamVersionConflictError } from '../../event-store/stream-version-conflict.error';
import { ERROR_STATUS, ErrorCode, FieldError } from '../errors/error-codes';
import { SECURITY_HEADER_VALUES } from './security-headers';

interface Envelope {
  status: number;
  code: ErrorCode;
  message: string;
  details?: FieldError[];
  headers?: Record<string, string>;
}

/** What framework-level statuses (Nest, Fastify) mean in our closed set of codes. */
const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'not_found',
  409: 'idempotency_conflict',
  413: 'payload_too_large',
  415: 'invalid_request',
  429: 'rate_limited',
  503: 'unavailable',
};

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  not_found: 'No such route.',
  payload_too_large: 'The request body is larger than 100 KB.',
  unauthorized: 'Unauthorized.',
  rate_limited: 'Too many requests. Retry after the time given in Retry-After.',
  unavailable: 'The service is temporarily unavailable. Safe to retry.',
  internal_error: 'Something went wrong on our side. The request id identifies it in our logs.',
};

/** Fastify's own errors (body parsing, content type, size) carry a `FST_…` code and a status. */
function fromFastifyError(thrown: unknown): Envelope | undefined {
  const error = thrown as { code?: unknown; statusCode?: unknown } | null;
  if (typeof error?.code !== 'string' || !error.code.startsWith('FST_')) {
    return error instanceof SyntaxError && error.statusCode === 400
      ? { status: 400, code: 'invalid_request', message: 'The request body is not valid JSON.' }
      : undefined;
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', message: MESSAGES.payload_too_large! };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 400, code: 'invalid_request', message: 'Content-Type must be application/json.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'invalid_request', message: 'The request body is not valid JSON.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_request', message: 'The request body is empty.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'invalid_request', message: 'The Content-Length header does not match the body.' };
    case 'FST_ERR_BAD_URL':
      return { status: 400, code: 'invalid_request', message: 'The URL is not valid (a broken %-escape).' };
    // A path segment over the router's limit cannot be an id or a code: it names nothing.
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 404, code: 'not_found', message: 'Not found.' };
    default: {
      const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
      return status < 500 ? { status, code: CODE_FOR_STATUS[status] ?? 'invalid_request', message: 'The request is invalid.' } : undefined;
    }
  }
}

function fromHttpException(error: HttpException): Envelope {
  const status = error.getStatus();
  const code = CODE_FOR_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
  const body = error.getResponse();
  const raw = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  const message = status === 400 && typeof raw === 'string' ? raw : (MESSAGES[code] ?? 'The request is invalid.');
  return { status, code, message };
}

/** Turns any thrown value into the error envelope and a status. Nothing a client sends reaches them as a stack trace. */
export function toEnvelope(error: unknown): Envelope {
  if (error instanceof ApiError) {
    return { status: ERROR_STATUS[error.code], code: error.code, message: error.message, details: error.details, headers: error.headers };
  }
  // Nest wraps Fastify's own errors (body parsing, size, media type) in an HttpException.
  const fastify = fromFastifyError(error) ?? (error instanceof HttpException ? fromFastifyError(error.cause) : undefined);
  if (fastify) return fastify;
  if (error instanceof HttpException) return fromHttpException(error);
  // Contention beyond the handlers' bounded retries: nothing was recorded, the client may retry.
  if (error instanceof StreamVersionConflictError) return { status: 503, code: 'unavailable', message: MESSAGES.unavailable! };
  if (isDatabaseUnavailable(error)) return { status: 503, code: 'unavailable', message: MESSAGES.unavailable! };
  if (isConstraintViolation(error)) {
    const field = constraintFieldError(error);
    return field
      ? { status: 400, code: 'invalid_request', message: `${field.field}: ${field.message}`, details: [field] }
      : { status: 400, code: 'invalid_request', message: 'The request conflicts with the stored data or its limits.' };
  }
  return { status: 500, code: 'internal_error', message: MESSAGES.internal_error! };
}

/** Writes an envelope on a Fastify reply. */
export function sendEnvelope(reply: FastifyReply, envelope: Envelope): void {
  reply.send(prepareEnvelope(reply, envelope));
}

const ANSWERED_ERROR_CODE = Symbol('answeredErrorCode');

/**
 * The code of the error envelope a reply carries, if it carries one. Every envelope goes through
 * prepareEnvelope, which records it here, so metrics count errors by code in one place (on the
 * response) whichever path answered: the filter, Fastify's own errors, or a hook.
 */
export function answeredErrorCode(reply: FastifyReply): ErrorCode | undefined {
  return (reply as { [ANSWERED_ERROR_CODE]?: ErrorCode })[ANSWERED_ERROR_CODE];
}

/** Sets the envelope's status and headers on the reply and gives its body (for a hook that replaces a payload). */
export function prepareEnvelope(reply: FastifyReply, envelope: Envelope): { error: { code: ErrorCode; message: string; details?: FieldError[] } } {
  (reply as { [ANSWERED_ERROR_CODE]?: ErrorCode })[ANSWERED_ERROR_CODE] = envelope.code;
  const body: { error: { code: ErrorCode; message: string; details?: FieldError[] } } = { error: { code: envelope.code, message: envelope.message } };
  if (envelope.details?.length) body.error.details = envelope.details;
  if (envelope.headers) reply.headers(envelope.headers);
  if (envelope.status === 503) reply.header('retry-after', '1');
  reply.status(envelope.status).type('application/json; charset=utf-8');
  return body;
}

/** Logs what the client is not told: the cause of a 5xx, with the request id already bound to the logger. */
export function logFailure(request: FastifyRequest, error: unknown, envelope: Envelope): void {
  if (envelope.status < 500 || error instanceof ApiError) return; // answered on purpose, nothing to investigate
  if (envelope.code === 'unavailable') {
    request.log.warn({ reason: (error as Error)?.message, code: envelope.code }, 'database unavailable');
  } else {
    request.log.error({ err: error, status: envelope.status, code: envelope.code }, 'request failed');
  }
}

/**
 * Fastify's router answers some requests before any route, and so before Nest, sees them (a
 * broken %-escape, an over-long path segment): they get the envelope and a request id too.
 */
export function answerFrameworkError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  reply.headers(SECURITY_HEADER_VALUES); // the hooks that set them do not run for such a request
  const envelope = toEnvelope(error);
  logFailure(request, error, envelope);
  sendEnvelope(reply, envelope);
}

const SECURITY_HEADER_LINES = Object.entries(SECURITY_HEADER_VALUES)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

const CLIENT_ERROR_MESSAGES: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'The request headers are too large.',
  ERR_HTTP_REQUEST_TIMEOUT: 'The request did not arrive in time.',
};

/**
 * Requests that are not valid HTTP (headers too large, bytes a header cannot hold, a garbled
 * request line, conflicting lengths) never become requests: Node hands over the socket. They are
 * answered in the envelope as 400 `invalid_request` (the contract's list has no 431 or 408), and
 * the connection is closed, since the rest of its bytes cannot be trusted.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const body = JSON.stringify({ error: { code: 'invalid_request', message: CLIENT_ERROR_MESSAGES[error.code ?? ''] ?? 'The request is not valid HTTP.' } });
    socket.write(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${randomUUID()}\r\n${SECURITY_HEADER_LINES}Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const envelope = toEnvelope(error);
    logFailure(request, error, envelope);
    sendEnvelope(reply, envelope);
  }
}
