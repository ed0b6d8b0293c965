import { Database } from '../../database/database';
import { assertOrganizationExists } from '../points/earning-settings/organization-scope';
import { rebuildProjection } from './audit/rebuild-projection';
import { verifyLedger } from './audit/verify-ledger';
import { exportLedger } from './export/export-ledger';
import { LineSink } from './json-lines';
import { LedgerCommand } from './ledger-cli-args';

/**
 * Runs one ledger command on an open database, writing to `out`; resolves to the exit status.
 * The CLI entry point only opens the database around it, so tests run the commands in-process.
 */
export async function runLedgerCommand(command: LedgerCommand, database: Database, out: LineSink): Promise<number> {
  // A mistyped --org must not pass as "nothing to report".
  if (command.organizationId) await assertOrganizationExists(database, command.organizationId);
  switch (command.command) {
    case 'verify':
      return (await verifyLedger(database, out, { organizationId: command.organizationId })).ok ? 0 : 1;
    case 'rebuild':
      return (await rebuildProjection(database, out, { organizationId: command.organizationId })).ok ? 0 : 1;
    case 'export':
      await exportLedger(database, out, { organizationId: command.organizationId, after: command.after });
      return 0;
  }
}
