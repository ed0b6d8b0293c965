import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';

/**
 * Members of an error that can carry a client's values: PostgreSQL's `detail` ("Key (email)=(…)
 * already exists", the failing row of a CHECK), `where`, TypeORM's bound `parameters`, and the
 * driver error TypeORM wraps (which has them all again). Personal data never goes to the logs, so
 * an error is logged without them: its message, code, constraint, SQL text (values are bound,
 * never in it) and stack say what failed.
 */
const ERROR_MEMBERS_WITH_VALUES = new Set(['detail', 'where', 'parameters', 'driverError']);

/** pino's error serializer, minus the members above, at every level of `cause`. */
export function errorWithoutValues(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  return withoutValues(serialized, 0);
}

function withoutValues(serialized: Record<string, unknown>, depth: number): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (ERROR_MEMBERS_WITH_VALUES.has(key)) continue;
    kept[key] = key === 'cause' && value && typeof value === 'object' && depth < 4 ? withoutValues(value as Record<string, unknown>, depth + 1) : value;
  }
  return kept;
}

/** The options every logger of the service uses (the tests' loggers too, so they log what production logs). */
export function loggerOptions(level: string, service = 'loyalpanther'): LoggerOptions {
  return {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Never log credentials, whatever object ends up in a log line.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.key', '*.token'], censor: '[redacted]' },
    serializers: { err: errorWithoutValues },
    formatters: { level: (label) => ({ level: label }) },
  };
}

/**
 * One JSON logger for the process: Fastify binds a child of it to each request (with the request
 * id under `request_id`), and Nest's own messages go through the adapter below.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
