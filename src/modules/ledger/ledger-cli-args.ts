import { parseArgs } from 'node:util';
import { UsageError } from '../../cli/cli-args';
import { isUuid } from '../../common/uuid';

export { UsageError };

export const LEDGER_USAGE = `Usage: npm run -s ledger -- <command> [options]   (or: node dist/modules/ledger/ledger.cli.js …)

  verify  [--org ORG_ID] [--workers N] recompute every hash chain and replay every customer; compare
                                       with the stored heads and balances, N connections and threads
                                       at once (default: one per core). Exit 0 if all agree, else 1.
  rebuild [--org ORG_ID]               reset balances, lifetime points and versions from the events,
                                       customer by customer, while the service runs. Exit 1 if some
                                       customer could not be rebuilt (its events fail verification).
  export  --org ORG_ID [--after N]     the organization's events as NDJSON, in ledger order.

Reads DATABASE_URL (without it: the embedded PostgreSQL under DATA_DIR). Writes JSON lines on
stdout; errors as JSON on stderr (exit 1; 2 for usage). See docs/ledger.md.`;

export type LedgerCommand =
  | { command: 'verify'; organizationId?: string; workers?: number }
  | { command: 'rebuild'; organizationId?: string }
  | { command: 'export'; organizationId: string; after: number };

const OPTIONS = { org: { type: 'string' }, after: { type: 'string' }, workers: { type: 'string' } } as const;
const MAX_WORKERS = 64;

/** Reads `<command> [--org ID] [--after N]`; throws a UsageError for anything else. */
export function parseLedgerCommand(argv: string[]): LedgerCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, ...extra] = parsed.positionals;
  if (!command) throw new UsageError('No command given.');
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);
  const { org, after, workers } = parsed.values;
  if (org !== undefined && !isUuid(org)) throw new UsageError('--org must be an organization id (a UUID).');
  const organizationId = org?.toLowerCase();
  if (command !== 'export' && after !== undefined) throw new UsageError(`"${command}" takes no --after.`);
  if (command !== 'verify' && workers !== undefined) throw new UsageError(`"${command}" takes no --workers.`);
  switch (command) {
    case 'verify':
      return workers === undefined ? { command, organizationId } : { command, organizationId, workers: workerCount(workers) };
    case 'rebuild':
      return { command, organizationId };
    case 'export':
      if (!organizationId) throw new UsageError('"export" needs --org.');
      return { command, organizationId, after: position(after) };
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

function workerCount(raw: string): number {
  const value = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= MAX_WORKERS)) throw new UsageError(`--workers must be an integer from 1 to ${MAX_WORKERS}.`);
  return value;
}

function position(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError('--after must be a ledger position: an integer ≥ 0.');
  return value;
}
