import { Injectable } from '@nestjs/common';
import { Database } from '../../../database/database';
import { FEED_COLUMNS, FeedEntry, toFeedEntry } from './feed-entry';
import { sequenceAll } from './ledger-sequencer';

export interface FeedPage {
  events: FeedEntry[];
  /** The last position returned, or `after` when none was: pass it back as the next `after`. */
  nextAfter: number;
}

const PAGE_SQL = `SELECT ${FEED_COLUMNS}
  FROM ledger_positions l
  JOIN events e ON e.organization_id = l.organization_id AND e.position = l.event_position
  LEFT JOIN customer_accounts c ON c.organization_id = e.organization_id AND c.id = e.stream_id
  WHERE l.organization_id = $1 AND l.ledger_position > $2
  ORDER BY l.ledger_position
  LIMIT $3`;

/**
 * An organization's ledger in order, by gap-free position. Each read first sequences what has
 * committed since the last read, then reads sequenced events only: positions never move, so a
 * reader paging with `after` sees every event exactly once, including one that committed late.
 */
@Injectable()
export class LedgerFeed {
  constructor(private readonly database: Database) {}

  /**
   * `wait` makes the read wait for a sequencer running elsewhere (the CLI wants everything);
   * without it (the API) the read serves what is already sequenced rather than queueing.
   */
  async page(organizationId: string, after: number, limit: number, options: { wait?: boolean } = {}): Promise<FeedPage> {
    await sequenceAll(this.database, { wait: options.wait });
    const { rows } = await this.database.query(PAGE_SQL, [organizationId, after, limit]);
    const events = rows.map(toFeedEntry);
    return { events, nextAfter: events.length ? events[events.length - 1].position : after };
  }
}
