import type { Logger } from 'pino';
import { AppConfig } from './config/app-config';

/** Runs `handler` once, on the first SIGTERM or SIGINT. */
export function onSignals(handler: (signal: NodeJS.Signals) => Promise<void>) {
  let handled = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (handled) return;
      handled = true;
      void handler(signal);
    });
  }
}

/** Runs the shutdown work, then exits 0; exits 1 if it fails or outlasts SHUTDOWN_TIMEOUT_MS (+5 s). */
export function exitAfter(config: AppConfig, logger: Logger, work: () => Promise<unknown>) {
  const deadline = setTimeout(() => {
    logger.error('shutdown timed out; exiting');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS + 5000);
  deadline.unref();
  work().then(
    () => {
      logger.info('shutdown complete');
      process.exit(0);
    },
    (error) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}
