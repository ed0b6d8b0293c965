import { Database } from '../../database/database';
import { assertOrganizationExists } from '../points/earning-settings/organization-scope';
import type * as VerifyModule from './audit/verify-ledger';
import type * as RebuildModule from './audit/rebuild-projection';
import type * as ExportModule from './export/export-ledger';
import { LineSink } from './json-lines';
import { LedgerCommand } from './ledger-cli-args';
import type { ThreadLane } from './audit/verify-threads';

/**
 * Runs one ledger command on an open database, writing to `out`; resolves to the exit status
 * (`threads`: verify's worker threads, if the caller started them already).
 * The CLI entry point only opens the database around it, so tests run the commands in-process.
 * Each command's code is loaded when it runs: the export's feed brings the web framework along,
 * which costs a verify a third of a second of start-up for nothing.
 */
export async function runLedgerCommand(command: LedgerCommand, database: Database, out: LineSink, threads?: ThreadLane[]): Promise<number> {
  // A mistyped --org must not pass as "nothing to report".
  if (command.organizationId) await assertOrganizationExists(database, command.organizationId);
  switch (command.command) {
    case 'verify': {
      const { verifyLedger } = require('./audit/verify-ledger') as typeof VerifyModule;
      return (await verifyLedger(database, out, { organizationId: command.organizationId, workers: command.workers, threads })).ok ? 0 : 1;
    }
    case 'rebuild': {
      const { rebuildProjection } = require('./audit/rebuild-projection') as typeof RebuildModule;
      return (await rebuildProjection(database, out, { organizationId: command.organizationId })).ok ? 0 : 1;
    }
    case 'export': {
      const { exportLedger } = require('./export/export-ledger') as typeof ExportModule;
      await exportLedger(database, out, { organizationId: command.organizationId, after: command.after });
      return 0;
    }
  }
}
