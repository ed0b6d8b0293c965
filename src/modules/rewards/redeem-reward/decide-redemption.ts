import { REWARD_REDEEMED } from '../../customer-stream/customer-events';
import { splitSpending, withExpiry } from '../../customer-stream/lots';
import { CustomerState } from '../../customer-stream/customer-state';
import { Decision } from '../../customer-stream/customer-stream.port';
import { isTierAtLeast, Tier, tierFor } from '../../points/policy';
import { hasStockLeft, isOffered, Reward } from '../reward';
import { InsufficientPointsError, RewardNotFoundError, RewardUnavailableError, TierLockedError } from '../rewards.errors';

/** What a redemption is decided on besides the customer. */
export interface RedemptionSettings {
  tiers: readonly Tier[];
  /** Null when the organization has no reward with that id. */
  reward: Reward | null;
}

/** What retries of the same external_ref are answered with. */
export interface RedemptionOutcome {
  rewardId: string;
  redemptionId: string;
}

/**
 * The redemption's decision, checking in the contract's order: the reward is offered now (404
 * reward_not_found), the customer's tier reaches its minimum (422 tier_locked), stock is left (422
 * reward_unavailable), the balance covers the cost (422 insufficient_points). Then
 * `reward.redeemed`, named by the redemption's id. Pure.
 */
export function decideRedemption(
  request: { redemptionId: string; externalRef: string | null },
  customer: CustomerState,
  settings: RedemptionSettings,
  now: Date,
): Decision<RedemptionOutcome> {
  const { reward, tiers } = settings;
  if (!reward || !isOffered(reward, now)) throw new RewardNotFoundError();
  const tier = tierFor(tiers, customer.lifetimePoints)?.name ?? null;
  if (reward.minTier && !isTierAtLeast(tiers, tier, reward.minTier)) throw new TierLockedError(reward.minTier);
  if (!hasStockLeft(reward)) throw new RewardUnavailableError();
  if (customer.pointsBalance < reward.pointsCost) throw new InsufficientPointsError();
  return {
    events: [
      {
        type: REWARD_REDEEMED,
        eventId: request.redemptionId,
        data: {
          redemption_id: request.redemptionId,
          reward_id: reward.id,
          reward_name: reward.name,
          points_cost: reward.pointsCost,
          tier,
          external_ref: request.externalRef,
          lots: withExpiry(customer.lots ?? [], splitSpending(customer.lots ?? [], reward.pointsCost)),
          balance_after: customer.pointsBalance - reward.pointsCost,
        },
      },
    ],
    outcome: { rewardId: reward.id, redemptionId: request.redemptionId },
  };
}
