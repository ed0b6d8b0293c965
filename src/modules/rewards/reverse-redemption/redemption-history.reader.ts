import { Injectable } from '@nestjs/common';
import sql from 'sql-template-tag';
import { isUuid } from '../../../common/uuid';
import { Database, Sql } from '../../../database/database';
import { REDEMPTION_REVERSED, REWARD_REDEEMED } from '../../customer-stream/customer-events';
import { RedemptionNotFoundError } from '../rewards.errors';
import { RedemptionHistory } from './decide-reversal';

/** A redemption as its event recorded it (its id is the event's id), and its reversal if any. */
@Injectable()
export class RedemptionHistoryReader {
  constructor(private readonly database: Database) {}

  /** The customer who redeemed: found by the event's id, unique per organization. */
  async customerOf(organizationId: string, redemptionId: string): Promise<string> {
    if (!isUuid(redemptionId)) throw new RedemptionNotFoundError();
    const statement = sql`SELECT stream_id FROM events WHERE organization_id = ${organizationId} AND event_id = ${redemptionId.toLowerCase()} AND type = ${REWARD_REDEEMED}`;
    const { rows } = await this.database.query(statement.text, statement.values);
    if (!rows[0]) throw new RedemptionNotFoundError();
    return rows[0].stream_id;
  }

  /** Read by the customer stream after the customer, so a reversal committed in between makes this one decide again. */
  async history(on: Sql, organizationId: string, customerId: string, redemptionId: string): Promise<RedemptionHistory> {
    const id = redemptionId.toLowerCase();
    const statement = sql`
      SELECT
        (SELECT e.data FROM events e WHERE e.organization_id = ${organizationId} AND e.event_id = ${id} AND e.type = ${REWARD_REDEEMED}) AS redemption,
        (SELECT e.data FROM events e WHERE e.organization_id = ${organizationId} AND e.stream_id = ${customerId}
          AND e.type = ${REDEMPTION_REVERSED} AND e.data->>'redemption_id' = ${id} LIMIT 1) AS reversed`;
    const { rows } = await on.query(statement.text, statement.values);
    if (!rows[0].redemption) throw new RedemptionNotFoundError();
    return { redemption: rows[0].redemption, reversed: rows[0].reversed };
  }
}
