import type { Logger } from 'pino';
import { AppConfig } from './config/app-config';
import { Database } from './database/database';

/** The commands a new operator runs next, as the README's "First award in five commands" has them. */
export function firstRunCommands(): string[] {
  return ['npm run -s cli -- org create --name "My Shop"', 'npm run -s cli -- key create --org ORG_ID --name "till 1"'];
}

/**
 * On a database without any organization (a first start), says how to create the first one and
 * its API key, once per start. A person at a terminal gets plain lines; a log collector (stdout is
 * not a terminal) gets one JSON line with the commands as a list. The CLI works straight on the
 * database and needs no ADMIN_TOKEN; without one the admin API stays closed, which it says too.
 */
export async function printFirstRunHint(database: Database, config: AppConfig, logger: Logger, out: NodeJS.WriteStream = process.stdout): Promise<boolean> {
  const { rows } = await database.query('SELECT EXISTS (SELECT 1 FROM organizations) AS any');
  if (rows[0].any || !logger.isLevelEnabled('info')) return false;
  const commands = firstRunCommands();
  const adminApi = config.ADMIN_TOKEN
    ? 'The admin API (/api/admin/v1) takes the ADMIN_TOKEN.'
    : 'The admin API (/api/admin/v1) stays closed (401) until ADMIN_TOKEN is set; the CLI needs no token.';
  const intro = 'No organization yet. In another terminal, create the first one, then its API key (ORG_ID: the "id" the first command prints):';
  const after = `Then register a customer and award points with the key: README.md, "First award in five commands". ${adminApi}`;
  if (out.isTTY) out.write(`\n${intro}\n\n${commands.map((c) => `  ${c}`).join('\n')}\n\n${after}\n\n`);
  else logger.info({ next_steps: commands }, `${intro} ${commands.join(' ; ')}. ${after}`);
  return true;
}
