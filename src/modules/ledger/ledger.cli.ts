import 'reflect-metadata';
import type * as ApiErrorModule from '../../common/errors/api-error';
import type * as AppConfigModule from '../../config/app-config';
import type * as DatabaseConnectionModule from '../../database/database-connection';
import type * as PinoModule from 'pino';
import { laneCount, startThreads, ThreadLane } from './audit/verify-threads';
import { LEDGER_USAGE, LedgerCommand, parseLedgerCommand, UsageError } from './ledger-cli-args';
import type * as LedgerCommandsModule from './ledger-commands';

/**
 * The auditor's CLI: `npm run -s ledger -- verify|rebuild|export …`. Opens the database like the
 * service does (DATABASE_URL, or the embedded one; pending migrations applied under their lock),
 * runs one command, and exits with its status.
 *
 * For verify, the worker threads are started first, and the rest (configuration, TypeORM: a third
 * of a second) is loaded after: the threads load their own code on another core meanwhile.
 */
async function main(argv: string[]): Promise<number> {
  let command: LedgerCommand;
  try {
    command = parseLedgerCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${LEDGER_USAGE}\n`);
    return 2;
  }
  const threads = command.command === 'verify' ? startThreads(laneCount(command.workers)) : [];
  try {
    return await run(command, threads);
  } finally {
    await Promise.all(threads.map((thread) => thread.close()));
  }
}

async function run(command: LedgerCommand, threads: ThreadLane[]): Promise<number> {
  const { loadConfig } = require('../../config/app-config') as typeof AppConfigModule;
  const { DatabaseConnection } = require('../../database/database-connection') as typeof DatabaseConnectionModule;
  const { runLedgerCommand } = require('./ledger-commands') as typeof LedgerCommandsModule;
  const pino = require('pino') as typeof PinoModule.default;
  const config = loadConfig();
  // stdout carries the command's JSON lines only; logs (warnings and worse by default) go to stderr.
  const logger = pino({ level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', base: { service: 'loyalpanther-ledger' } }, pino.destination(2));
  const connection = await DatabaseConnection.open(config, logger);
  try {
    return await runLedgerCommand(command, connection.database, process.stdout, threads);
  } finally {
    await connection.close();
  }
}

/** Exits only once standard output has taken everything written to it. */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

/** The error as JSON: an API error keeps its code, a bad configuration says so, anything else is `failed`. */
function errorBody(error: unknown) {
  const { ApiError } = require('../../common/errors/api-error') as typeof ApiErrorModule;
  const { ConfigError } = require('../../config/app-config') as typeof AppConfigModule;
  if (error instanceof ApiError) return { error: { code: error.code, message: error.message } };
  return {
    error: { code: error instanceof ConfigError ? 'invalid_configuration' : 'failed', message: error instanceof Error ? error.message : String(error) },
  };
}

main(process.argv.slice(2)).then(exit, (error) => {
  process.stderr.write(`${JSON.stringify(errorBody(error))}\n`);
  exit(1);
});
