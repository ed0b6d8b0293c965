import 'reflect-metadata';
import pino from 'pino';
import { ApiError } from '../../common/errors/api-error';
import { ConfigError, loadConfig } from '../../config/app-config';
import { DatabaseConnection } from '../../database/database-connection';
import { LEDGER_USAGE, LedgerCommand, parseLedgerCommand, UsageError } from './ledger-cli-args';
import { runLedgerCommand } from './ledger-commands';

/**
 * The auditor's CLI: `npm run -s ledger -- verify|rebuild|export …`. Opens the database like the
 * service does (DATABASE_URL, or the embedded one; pending migrations applied under their lock),
 * runs one command, and exits with its status.
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
  const config = loadConfig();
  // stdout carries the command's JSON lines only; logs (warnings and worse by default) go to stderr.
  const logger = pino({ level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', base: { service: 'loyalpanther-ledger' } }, pino.destination(2));
  const connection = await DatabaseConnection.open(config, logger);
  try {
    return await runLedgerCommand(command, connection.database, process.stdout);
  } finally {
    await connection.close();
  }
}

/** Exits only once standard output has taken everything written to it. */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(exit, (error) => {
  const body =
    error instanceof ApiError
      ? { error: { code: error.code, message: error.message } }
      : { error: { code: error instanceof ConfigError ? 'invalid_configuration' : 'failed', message: error instanceof Error ? error.message : String(error) } };
  process.stderr.write(`${JSON.stringify(body)}\n`);
  exit(1);
});
