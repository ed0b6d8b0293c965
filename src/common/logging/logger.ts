import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * One JSON logger for the process: Fastify binds a child of it to each request (with the request
 * id under `request_id`), and Nest's own messages go through the adapter below.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'loyalpanther' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Never log credentials, whatever object ends up in a log line.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.key', '*.token'], censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  });
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
