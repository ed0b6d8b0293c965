import { Injectable } from '@nestjs/common';
import sql from 'sql-template-tag';
import { Database, Sql } from '../../../database/database';
import { POINTS_AWARDED, POINTS_EXPIRED, POINTS_REFUNDED } from '../../customer-stream/customer-events';
import { NEVER_EXPIRING_LOT } from '../../customer-stream/lots';
import { SaleHistory } from './decide-refund';
import { SaleNotFoundError } from './refunds.errors';

/** What a refund is judged against: the sale as its event recorded it, read from the customer's stream. */
@Injectable()
export class SaleHistoryReader {
  constructor(private readonly database: Database) {}

  /** The customer whose request used `ref` (a sale, a redemption or a refund: the stream tells which). */
  async customerOf(organizationId: string, ref: string): Promise<string> {
    const statement = sql`SELECT customer_id FROM idempotency_keys WHERE organization_id = ${organizationId} AND external_ref = ${ref}`;
    const { rows } = await this.database.query(statement.text, statement.values);
    if (!rows[0]?.customer_id) throw new SaleNotFoundError();
    return rows[0].customer_id;
  }

  /**
   * The sale's `points.awarded` event and its earlier refunds, from the customer's own stream (its
   * index; no scan of the ledger), with the organization's refund policy: one statement. The
   * customer stream reads this after the customer, so a refund committed in between moves the
   * stream and the refund is decided again.
   */
  async history(on: Sql, organizationId: string, customerId: string, saleRef: string): Promise<SaleHistory> {
    const statement = sql`
      SELECT o.refund_policy,
        (SELECT json_build_object('event_id', e.event_id, 'version', e.stream_version, 'data', e.data,
            'expired', (SELECT coalesce(sum((x.data->>'points')::bigint), 0) FROM events x
              WHERE x.organization_id = e.organization_id AND x.stream_id = e.stream_id AND x.type = ${POINTS_EXPIRED}
                AND x.data->>'lot' = e.stream_version::text)) FROM events e
          WHERE e.organization_id = o.id AND e.stream_id = ${customerId} AND e.type = ${POINTS_AWARDED} AND e.data->>'external_ref' = ${saleRef}
          LIMIT 1) AS sale,
        (SELECT coalesce(json_agg(e.data ORDER BY e.stream_version), '[]') FROM events e
          WHERE e.organization_id = o.id AND e.stream_id = ${customerId} AND e.type = ${POINTS_REFUNDED} AND e.data->>'sale_external_ref' = ${saleRef}) AS refunds
      FROM organizations o WHERE o.id = ${organizationId}`;
    const { rows } = await on.query(statement.text, statement.values);
    const row = rows[0];
    if (!row?.sale) throw new SaleNotFoundError();
    return {
      saleEventId: row.sale.event_id,
      sale: row.sale.data,
      refunds: row.refunds,
      refundPolicy: row.refund_policy,
      saleLot: row.sale.data.expires_at ? row.sale.version : NEVER_EXPIRING_LOT,
      expiredFromSaleLot: row.sale.data.expires_at ? Number(row.sale.expired) : 0,
    };
  }
}
