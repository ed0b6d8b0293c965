import { Database } from '../../../database/database';
import { LedgerFeed } from '../feed/ledger-feed';
import { LineSink, writeJsonLine } from '../json-lines';

export interface ExportOptions {
  organizationId: string;
  /** Start after this ledger position (0: from the beginning). */
  after?: number;
  pageSize?: number;
}

/**
 * `ledger export`: an organization's events as NDJSON, in ledger order, one feed entry per line:
 * exactly what the admin feed returns, page after page, written as it is read. It ends at the
 * first short page: at the end of what was sequenced when that page was read.
 */
export async function exportLedger(database: Database, out: LineSink, options: ExportOptions): Promise<{ events: number; nextAfter: number }> {
  const feed = new LedgerFeed(database);
  const pageSize = options.pageSize ?? 1000;
  let after = options.after ?? 0;
  let events = 0;
  for (;;) {
    const page = await feed.page(options.organizationId, after, pageSize, { wait: true });
    for (const entry of page.events) await writeJsonLine(out, entry);
    events += page.events.length;
    after = page.nextAfter;
    if (page.events.length < pageSize) return { events, nextAfter: after };
  }
}
