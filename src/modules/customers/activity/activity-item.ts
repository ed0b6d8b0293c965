import {
  AdjustmentReason,
  CUSTOMER_REGISTERED,
  CUSTOMER_UPDATED,
  CustomerEvent,
  CustomerEventType,
  POINTS_ADJUSTED,
  POINTS_AWARDED,
  POINTS_EXPIRED,
  POINTS_REFUNDED,
  PointsAdjustedData,
  PointsAwardedData,
  PointsRefundedData,
  REDEMPTION_REVERSED,
  REWARD_REDEEMED,
} from '../../customer-stream/customer-events';

/** The kinds of line the till shows (the contract's closed list). */
export type ActivityType = 'earn' | 'redeem' | 'refund' | 'redemption_reversal' | 'adjustment' | 'expiry';

/** What an event says on the till: signed points, the balance after it, and a short human text. */
export interface ActivityEntry {
  type: ActivityType;
  points: number;
  balanceAfter: number;
  externalRef: string | null;
  description: string;
}

/**
 * Which events are the customer's points history. Registration and corrections of personal data
 * move no points and are not shown (a till has no use for an old email). A record over the union,
 * so a new event type does not compile until it is placed here.
 */
const SHOWN: Record<CustomerEventType, boolean> = {
  [CUSTOMER_REGISTERED]: false,
  [CUSTOMER_UPDATED]: false,
  [POINTS_AWARDED]: true,
  [REWARD_REDEEMED]: true,
  [POINTS_ADJUSTED]: true,
  [POINTS_REFUNDED]: true,
  [REDEMPTION_REVERSED]: true,
  [POINTS_EXPIRED]: true,
};

/** The event types an activity page reads (the statement filters on them). */
export const ACTIVITY_EVENT_TYPES = (Object.keys(SHOWN) as CustomerEventType[]).filter((type) => SHOWN[type]);

/**
 * The one mapping from events to activity lines. The balance after is the event's own (recorded
 * when it happened), never today's. Null for an event that is not points history. Pure.
 */
export function activityOf(event: CustomerEvent): ActivityEntry | null {
  switch (event.type) {
    case CUSTOMER_REGISTERED:
    case CUSTOMER_UPDATED:
      return null;
    case POINTS_AWARDED: {
      const d = event.data;
      return { type: 'earn', points: d.points, balanceAfter: d.balance_after, externalRef: d.external_ref, description: earnDescription(d) };
    }
    case REWARD_REDEEMED: {
      const d = event.data;
      return { type: 'redeem', points: -d.points_cost, balanceAfter: d.balance_after, externalRef: d.external_ref, description: d.reward_name };
    }
    case POINTS_ADJUSTED: {
      const d = event.data;
      return { type: 'adjustment', points: d.points, balanceAfter: d.balance_after, externalRef: d.external_ref, description: adjustmentDescription(d) };
    }
    case POINTS_REFUNDED: {
      // The balance moved by what it could give back: unrecovered points were spent, expired ones gone already.
      const d = event.data;
      const taken = d.points_removed - d.unrecovered_points - (d.expired_points ?? 0);
      return { type: 'refund', points: -taken, balanceAfter: d.balance_after, externalRef: d.external_ref, description: refundDescription(d) };
    }
    case REDEMPTION_REVERSED: {
      const d = event.data;
      return {
        type: 'redemption_reversal',
        points: d.points_restored,
        balanceAfter: d.balance_after,
        externalRef: null,
        description: d.reason ? `${d.reward_name}: ${d.reason}` : d.reward_name,
      };
    }
    case POINTS_EXPIRED: {
      const d = event.data;
      return { type: 'expiry', points: -d.points, balanceAfter: d.balance_after, externalRef: null, description: 'Points expired' };
    }
  }
}

/** "Refund of order-12345: Damaged": the sale refunded, and why when the till said. */
function refundDescription(d: PointsRefundedData): string {
  const text = `Refund of ${d.sale_external_ref}`;
  return d.reason ? `${text}: ${d.reason}` : text;
}

/** "Happy hour ×2", "Happy hour ×2 + 2 cappuccinos = 15 pts": what raised the points; else the kind of sale. */
function earnDescription(d: PointsAwardedData): string {
  const parts = [...(d.bonus ? [`${d.bonus.name} ×${d.bonus.multiplier}`] : []), ...d.rules.map((rule) => rule.name)];
  if (parts.length) return parts.join(' + ');
  return d.source === 'order' ? 'Order' : 'Purchase';
}

const REASON_LABELS: Record<AdjustmentReason, string> = {
  goodwill: 'Goodwill',
  correction: 'Correction',
  migration: 'Migration',
  fraud: 'Fraud',
  other: 'Adjustment',
};

/** "Goodwill: coffee was cold": the reason, and staff's note when there is one. */
function adjustmentDescription(d: PointsAdjustedData): string {
  const label = REASON_LABELS[d.reason] ?? 'Adjustment';
  return d.note ? `${label}: ${d.note}` : label;
}
