import { Injectable } from '@nestjs/common';
import { OrganizationContext } from '../../../common/http/current-organization.decorator';
import { Database } from '../../../database/database';
import { confirmKey, keyActiveColumn } from '../../api-keys/key-confirmation';
import { CustomerNotFoundError } from '../../customer-stream/customer-stream.errors';
import { decodeCustomerEvent } from '../../customer-stream/stored-customer-event';
import { encodeActivityCursor, isCursorOf, StreamOf } from './activity-cursor';
import { ACTIVITY_EVENT_TYPES, ActivityEntry, activityOf } from './activity-item';
import { ActivityQuery, InvalidCursorError } from './activity-query';

/** Above every stream version (a PostgreSQL integer): the first page starts below it. */
const NEWEST = 2_147_483_647;

/**
 * One page of a customer's history in one statement: the caller's key, the customer by code, and
 * their stream's events below the cursor's version, newest first, on the events' unique index
 * (organization_id, stream_id, stream_version), read backwards from the cursor and stopping after
 * `limit + 1` rows: the cost of a page does not grow with the length of the history. One row even
 * when there is no such customer (to say so, and whether the key is still active).
 */
const PAGE_SQL = `SELECT q.key_active, c.id AS customer_id, e.event_id, e.type, e.schema_version, e.data, e.occurred_at, e.recorded_at, e.stream_version
  FROM (SELECT ${keyActiveColumn('$3::uuid')}) AS q
  LEFT JOIN customer_accounts c ON c.organization_id = $1 AND c.loyalty_code = $2
  LEFT JOIN LATERAL (
    SELECT ev.event_id, ev.type, ev.schema_version, ev.data, ev.occurred_at, ev.recorded_at, ev.stream_version
    FROM events ev
    WHERE ev.organization_id = c.organization_id AND ev.stream_id = c.id AND ev.stream_version < $4 AND ev.type = ANY($5::text[])
    ORDER BY ev.stream_version DESC
    LIMIT $6) AS e ON true
  ORDER BY e.stream_version DESC`;

/** A row of the page's statement: the key and the customer on each, an event's columns (null when none). */
interface PageRow {
  key_active: boolean;
  customer_id: string | null;
  event_id: string | null;
  type: string;
  schema_version: number;
  data: unknown;
  occurred_at: Date;
  recorded_at: Date;
  stream_version: number;
}

export interface ActivityItem extends ActivityEntry {
  id: string;
  occurredAt: Date;
  recordedAt: Date;
}

export interface ActivityPage {
  items: ActivityItem[];
  /** The cursor of the next (older) page; null when this page reaches the first event. */
  nextBefore: string | null;
}

/** The POS API's activity reads (GET /api/v1/customers/:code/activity). */
@Injectable()
export class CustomerActivity {
  constructor(private readonly database: Database) {}

  async page(caller: OrganizationContext, loyaltyCode: string, query: ActivityQuery): Promise<ActivityPage> {
    const { rows } = await this.database.query<PageRow>(PAGE_SQL, [
      caller.organizationId,
      loyaltyCode,
      caller.apiKeyId,
      query.before?.beforeVersion ?? NEWEST,
      ACTIVITY_EVENT_TYPES,
      query.limit + 1,
    ]);
    confirmKey(caller, rows[0].key_active);
    if (!rows[0].customer_id) throw new CustomerNotFoundError();
    const stream: StreamOf = { organizationId: caller.organizationId, streamId: rows[0].customer_id };
    if (query.before && !isCursorOf(query.before, stream)) throw new InvalidCursorError();
    const events = rows.filter((row) => row.event_id !== null);
    const items = events.slice(0, query.limit).map(toItem);
    const more = events.length > query.limit;
    return { items, nextBefore: more ? encodeActivityCursor(stream, events[query.limit - 1].stream_version) : null };
  }
}

function toItem(row: PageRow): ActivityItem {
  const entry = activityOf(decodeCustomerEvent({ type: row.type, schemaVersion: row.schema_version, data: row.data }));
  // The statement reads only the types that are activity: anything else here is a bug, not a customer's data.
  if (!entry) throw new Error(`${row.type} is not an activity event`);
  return { id: row.event_id!, ...entry, occurredAt: row.occurred_at, recordedAt: row.recorded_at };
}
