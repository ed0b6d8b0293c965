import { POINTS_EXPIRED, ProposedEvent } from '../../customer-stream/customer-events';
import { CustomerState } from '../../customer-stream/customer-state';
import { dueLots } from '../../customer-stream/lots';

/**
 * The expiry of a customer's lots past their expiry at `now`: one `points.expired` per lot with
 * points left, dated at the lot's expiry (not now), so a replay gives the same ledger whenever the
 * job ran. None when nothing is due: the job ran already (here or in another instance). Pure.
 */
export function decideExpiry(customer: CustomerState, now: Date): ProposedEvent[] {
  let balance = customer.pointsBalance;
  return dueLots(customer.lots ?? [], now).map((lot) => {
    balance -= lot.points;
    return {
      type: POINTS_EXPIRED,
      occurredAt: new Date(lot.expires_at!),
      data: { lot: lot.lot, expires_at: lot.expires_at!, points: lot.points, balance_after: balance },
    };
  });
}
