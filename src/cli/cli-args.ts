import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export const USAGE = `Usage: npm run -s cli -- <command> [options]   (or: node dist/cli/main.js <command> [options])

  org create --name NAME [--earn-rate 1.5] [--timezone Europe/Paris]
  key create --org ORG_ID --name NAME        prints the key: the only time it is shown
  key list   --org ORG_ID                    without secrets
  key revoke --org ORG_ID --key-id KEY_ID
  expire-points [--org ORG_ID]               expires the points past their expiry, once (safe beside the service)

Reads DATABASE_URL (without it: the embedded PostgreSQL under DATA_DIR, the one a running
\`npm start\` uses, or started for the command and stopped after it). Needs no ADMIN_TOKEN.
Prints JSON on stdout; errors as JSON on stderr, exit status 1 (2 for usage).`;

export type CliCommand =
  | { command: 'org create'; name: string; earnRate?: string; timezone?: string }
  | { command: 'key create'; org: string; name: string }
  | { command: 'key list'; org: string }
  | { command: 'key revoke'; org: string; keyId: string }
  | { command: 'expire-points'; org?: string };

const OPTIONS = {
  name: { type: 'string' },
  'earn-rate': { type: 'string' },
  timezone: { type: 'string' },
  org: { type: 'string' },
  'key-id': { type: 'string' },
} as const;

const ALLOWED: Record<string, Array<keyof typeof OPTIONS>> = {
  'org create': ['name', 'earn-rate', 'timezone'],
  'key create': ['org', 'name'],
  'key list': ['org'],
  'key revoke': ['org', 'key-id'],
  'expire-points': ['org'],
};

/** Reads `<noun> <verb> --option value …`; throws a UsageError for anything else. */
export function parseCommand(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const command = parsed.positionals.join(' ');
  const allowed = ALLOWED[command];
  if (!allowed) throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.');
  const values = parsed.values as Partial<Record<keyof typeof OPTIONS, string>>;
  for (const option of Object.keys(values)) {
    if (!allowed.includes(option as keyof typeof OPTIONS)) throw new UsageError(`"${command}" takes no --${option}.`);
  }
  const required = (option: keyof typeof OPTIONS): string => {
    const value = values[option];
    if (value === undefined) throw new UsageError(`"${command}" needs --${option}.`);
    return value;
  };
  switch (command) {
    case 'org create':
      return { command, name: required('name'), earnRate: values['earn-rate'], timezone: values.timezone };
    case 'key create':
      return { command, org: required('org'), name: required('name') };
    case 'key list':
      return { command, org: required('org') };
    case 'expire-points':
      return { command, org: values.org };
    default:
      return { command: 'key revoke', org: required('org'), keyId: required('key-id') };
  }
}
