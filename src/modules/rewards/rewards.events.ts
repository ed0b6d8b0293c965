/** `reward.redeemed`: the reward as it was when redeemed, so the ledger needs no catalogue to explain it. */
export const REWARD_REDEEMED = 'reward.redeemed';

export interface RewardRedeemedData {
  redemption_id: string;
  reward_id: string;
  reward_name: string;
  points_cost: number;
  tier: string | null;
  external_ref: string | null;
  balance_after: number;
}
