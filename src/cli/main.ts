import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import pino from 'pino';
import { ApiError } from '../common/errors/api-error';
import { describeError } from '../common/errors/describe-error';
import { fieldErrors, invalidFields } from '../common/http/validation.pipe';
import { textFieldErrors } from '../common/validation/text';
import { PinoNestLogger } from '../common/logging/logger';
import { ConfigError, loadConfig } from '../config/app-config';
import { DatabaseConnection } from '../database/database-connection';
import { ApiKeysService } from '../modules/api-keys/api-keys.service';
import { CreateApiKeyDto } from '../modules/api-keys/api-key.dto';
import { CreateOrganizationDto } from '../modules/organizations/organization.dto';
import { organizationView } from '../modules/organizations/organization';
import { OrganizationsService } from '../modules/organizations/organizations.service';
import { ExpirePointsJob } from '../modules/points/expire-points/expire-points.job';
import { CliCommand, parseCommand, USAGE, UsageError } from './cli-args';
import { CliModule } from './cli.module';

/**
 * The operator CLI: `npm run -s cli -- org create --name X`, `key create|list|revoke …`. It runs the
 * same services (and the same input validation) as the admin API, straight on the database.
 */
async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  // stdout carries the command's JSON only; logs (warnings and worse by default) go to stderr.
  const logger = pino({ level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', base: { service: 'loyalpanther-cli' } }, pino.destination(2));
  const connection = await DatabaseConnection.open(config, logger);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, connection), { logger: new PinoNestLogger(logger), abortOnError: false });
  try {
    const result =
      command.command === 'expire-points'
        ? await expirePoints(app.get(ExpirePointsJob), app.get(OrganizationsService), command.org)
        : await run(command, app.get(OrganizationsService), app.get(ApiKeysService));
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  } finally {
    await app.close(); // closes the pool and stops an embedded database
  }
}

async function run(command: Exclude<CliCommand, { command: 'expire-points' }>, organizations: OrganizationsService, keys: ApiKeysService): Promise<object> {
  switch (command.command) {
    case 'org create': {
      const input = validated(CreateOrganizationDto, { name: command.name, earn_rate: command.earnRate, timezone: command.timezone });
      return { organization: organizationView(await organizations.create({ name: input.name, earnRate: input.earn_rate, timezone: input.timezone })) };
    }
    case 'key create':
      return { api_key: await keys.create(command.org, validated(CreateApiKeyDto, { name: command.name }).name) };
    case 'key list':
      return { api_keys: await keys.list(command.org) };
    case 'key revoke':
      return { api_key: await keys.revoke(command.org, command.keyId) };
  }
}

/** One run of the expiry job, for one organization (404 when there is none) or all. */
async function expirePoints(job: ExpirePointsJob, organizations: OrganizationsService, org: string | undefined): Promise<object> {
  const organizationId = org === undefined ? undefined : (await organizations.get(org)).id;
  return { expired: await job.runOnce({ organizationId }) };
}

/** The admin API's DTO rules, with the same messages. */
function validated<T extends object>(type: new () => T, plain: Record<string, unknown>): T {
  const defined = Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined));
  const instance = plainToInstance(type, defined);
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  const details = errors.length ? fieldErrors(errors) : textFieldErrors(instance);
  if (details.length) throw invalidFields(details);
  return instance;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const body =
      error instanceof ApiError
        ? { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } }
        : { error: { code: error instanceof ConfigError ? 'invalid_configuration' : 'failed', message: describeError(error) } };
    process.stderr.write(JSON.stringify(body, null, 2) + '\n');
    process.exit(1);
  },
);
