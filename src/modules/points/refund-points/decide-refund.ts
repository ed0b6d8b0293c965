import { InvalidRequestError } from '../../../common/errors/api-error';
import { POINTS_REFUNDED, PointsAwardedData, PointsRefundedData } from '../../customer-stream/customer-events';
import { splitSpending } from '../../customer-stream/lots';
import { CustomerState } from '../../customer-stream/customer-state';
import { Decision } from '../../customer-stream/customer-stream.port';
import type { RefundPolicy } from '../../organizations/organization';
import { RefundAsked, refundFigures, RefundRefusal } from './refund-arithmetic';
import { RefundExceedsSaleError } from './refunds.errors';

/** A refund as the POS sends it, with the id its event will have. */
export interface RefundRequest extends RefundAsked {
  refundId: string;
  saleExternalRef: string;
  externalRef: string | null;
  reason: string | null;
  occurredAt: Date;
}

/** The sale as recorded, its earlier refunds, and the organization's policy for points already spent. */
export interface SaleHistory {
  saleEventId: string;
  sale: PointsAwardedData;
  refunds: PointsRefundedData[];
  refundPolicy: RefundPolicy;
  /** The sale's own lot (lots.ts), which the refund takes from first; absent: first-expiring-first. */
  saleLot?: number;
  /** Points of the sale's lot that expired: a refund does not take them off the balance again. */
  expiredFromSaleLot?: number;
}

/** What retries of the same external_ref are answered with (the customer's balance is read fresh). */
export interface RefundOutcome {
  refundId: string;
  pointsRemoved: number;
  unrecoveredPoints: number;
  sale: { externalRef: string; amountCents: number; refundedCents: number; pointsAdded: number; pointsRemoved: number };
}

const REFUSALS: Record<Exclude<RefundRefusal, 'items_on_transaction'>, (item?: string) => string> = {
  fully_refunded: () => 'This sale is fully refunded already.',
  amount_exceeds_sale: () => 'This refund asks for more cents than are left of the sale.',
  item_not_in_sale: (item) => `"${item}" is not an item of this sale.`,
  item_quantity_exceeds_sale: (item) => `More of "${item}" than was bought, less what was returned already.`,
};

/**
 * Of the points a refund takes back, those that expired from the sale's own lot and that no earlier
 * refund of the sale counted yet: they left the balance once already.
 */
function expiredNotYetTaken(history: SaleHistory, pointsRemoved: number): number {
  const counted = history.refunds.reduce((sum, r) => sum + (r.expired_points ?? 0), 0);
  return Math.min(pointsRemoved, Math.max((history.expiredFromSaleLot ?? 0) - counted, 0));
}

/**
 * The refund's decision: the arithmetic on the sale as recorded, then what the balance can give
 * back under the organization's policy, then `points.refunded`. Pure.
 */
export function decideRefund(request: RefundRequest, customer: CustomerState, history: SaleHistory): Decision<RefundOutcome> {
  const figures = refundFigures(history.sale, history.refunds, request);
  if (!figures.ok) {
    if (figures.refusal === 'items_on_transaction') {
      throw new InvalidRequestError('line_items: only a refund of an order returns items.', [
        { field: 'line_items', message: 'the sale is a transaction, not an order' },
      ]);
    }
    throw new RefundExceedsSaleError(REFUSALS[figures.refusal](figures.item));
  }
  const pointsRemoved = figures.basePoints + figures.productPoints;
  const expired = expiredNotYetTaken(history, pointsRemoved);
  const fromBalance = pointsRemoved - expired;
  const unrecovered = history.refundPolicy === 'allow_negative' ? 0 : fromBalance - Math.min(fromBalance, Math.max(customer.pointsBalance, 0));
  const balanceAfter = customer.pointsBalance - (fromBalance - unrecovered);
  const lots = splitSpending(customer.lots ?? [], Math.max(customer.pointsBalance, 0) - Math.max(balanceAfter, 0), history.saleLot ?? null);
  const data: PointsRefundedData = {
    sale_event_id: history.saleEventId,
    sale_external_ref: request.saleExternalRef,
    external_ref: request.externalRef,
    reason: request.reason,
    amount_cents: figures.amountCents,
    items: figures.items,
    base_points: figures.basePoints,
    product_points: figures.productPoints,
    points_removed: pointsRemoved,
    unrecovered_points: unrecovered,
    ...(history.saleLot !== undefined && { expired_points: expired, sale_lot: history.saleLot, lots }),
    refunded_cents_total: figures.refundedCentsTotal,
    points_removed_total: figures.pointsRemovedTotal,
    balance_after: balanceAfter,
    lifetime_points_after: customer.lifetimePoints - pointsRemoved,
  };
  const outcome: RefundOutcome = {
    refundId: request.refundId,
    pointsRemoved,
    unrecoveredPoints: unrecovered,
    sale: {
      externalRef: request.saleExternalRef,
      amountCents: history.sale.amount_cents,
      refundedCents: figures.refundedCentsTotal,
      pointsAdded: history.sale.points,
      pointsRemoved: figures.pointsRemovedTotal,
    },
  };
  return { events: [{ type: POINTS_REFUNDED, eventId: request.refundId, occurredAt: request.occurredAt, data }], outcome };
}
