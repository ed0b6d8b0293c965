import { REDEMPTION_REVERSED, RedemptionReversedData, RewardRedeemedData } from '../../customer-stream/customer-events';
import { CustomerState } from '../../customer-stream/customer-state';
import { Decision } from '../../customer-stream/customer-stream.port';

/** The redemption as recorded, and whether it was reversed already. */
export interface RedemptionHistory {
  redemption: RewardRedeemedData;
  reversed: RedemptionReversedData | null;
}

export interface ReversalOutcome {
  pointsRestored: number;
  /** True when the redemption was reversed already: nothing was recorded again. */
  alreadyReversed: boolean;
}

/**
 * The reward was not handed over: its points come back to the balance (not to lifetime points,
 * which the redemption never lowered), and its item to the stock. Once: a second reversal records
 * nothing and answers with the first one's points. Pure.
 */
export function decideReversal(request: { reason: string | null }, customer: CustomerState, history: RedemptionHistory): Decision<ReversalOutcome> {
  if (history.reversed) return { events: [], outcome: { pointsRestored: history.reversed.points_restored, alreadyReversed: true } };
  const { redemption } = history;
  const data: RedemptionReversedData = {
    redemption_id: redemption.redemption_id,
    reward_id: redemption.reward_id,
    reward_name: redemption.reward_name,
    points_restored: redemption.points_cost,
    reason: request.reason,
    // Back to the lots it came from, with their expiry (a lot that expired meanwhile expires again at the next run).
    ...(redemption.lots && { lots: redemption.lots }),
    balance_after: customer.pointsBalance + redemption.points_cost,
  };
  return { events: [{ type: REDEMPTION_REVERSED, data }], outcome: { pointsRestored: redemption.points_cost, alreadyReversed: false } };
}
