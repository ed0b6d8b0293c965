import { CustomerState, UNREGISTERED } from '../../customer-stream/customer-state';
import { parseDecimal4 } from '../../points/policy';
import { Reward } from '../reward';
import { InsufficientPointsError, RewardNotFoundError, RewardUnavailableError, TierLockedError } from '../rewards.errors';
import { decideRedemption, RedemptionSettings } from './decide-redemption';

const NOW = new Date('2026-11-25T14:30:00.000Z');
const customer = (pointsBalance: number, lifetimePoints = pointsBalance): CustomerState => ({
  ...UNREGISTERED,
  loyaltyCode: 'F55EA00D',
  name: 'Sophie',
  pointsBalance,
  lifetimePoints,
  lots: pointsBalance > 0 ? [{ lot: 0, expires_at: null, points: pointsBalance }] : [],
  version: 2,
});
const coffee = (over: Partial<Reward> = {}): Reward => ({
  id: 'a0f0e8a4-3f57-4c4e-9a70-5d2bd2f2c0aa',
  name: 'Free coffee',
  description: null,
  pointsCost: 50,
  icon: null,
  minTier: null,
  stock: null,
  redeemedCount: 0,
  availableFrom: null,
  availableUntil: null,
  active: true,
  createdAt: NOW,
  ...over,
});
const tiers = [{ name: 'Gold', minLifetimePoints: 1000, multiplier: parseDecimal4('1.5') }];
const with_ = (reward: Reward | null): RedemptionSettings => ({ tiers, reward });
const request = { redemptionId: '5b1f0c59-1d7e-4f43-9d4e-6f2f1d1f8a10', externalRef: 'till-9' };

describe('deciding a redemption', () => {
  it('given enough points, when redeemed, then reward.redeemed named by the redemption, with the cost and the balance after', () => {
    const { events, outcome } = decideRedemption(request, customer(80), with_(coffee()), NOW);
    expect(events).toEqual([
      {
        type: 'reward.redeemed',
        eventId: request.redemptionId,
        data: {
          redemption_id: request.redemptionId,
          reward_id: coffee().id,
          reward_name: 'Free coffee',
          points_cost: 50,
          tier: null,
          external_ref: 'till-9',
          lots: [{ lot: 0, expires_at: null, points: 50 }],
          balance_after: 30,
        },
      },
    ]);
    expect(outcome).toEqual({ rewardId: coffee().id, redemptionId: request.redemptionId });
  });

  it.each([
    ['no such reward', customer(80), null, RewardNotFoundError],
    ['an inactive reward', customer(80), coffee({ active: false }), RewardNotFoundError],
    ['a reward not yet available', customer(80), coffee({ availableFrom: new Date('2026-12-01T00:00:00Z') }), RewardNotFoundError],
    ['a tier below the minimum', customer(80), coffee({ minTier: 'Gold' }), TierLockedError],
    ['no stock left', customer(80), coffee({ stock: 3, redeemedCount: 3 }), RewardUnavailableError],
    ['a balance below the cost', customer(49), coffee(), InsufficientPointsError],
  ])('given %s, then that error and no event', (_name, who, reward, error) => {
    expect(() => decideRedemption(request, who, with_(reward), NOW)).toThrow(error);
  });

  it("checks in the contract's order: the tier before the stock before the balance", () => {
    expect(() => decideRedemption(request, customer(0), with_(coffee({ minTier: 'Gold', stock: 0 })), NOW)).toThrow(TierLockedError);
    expect(() => decideRedemption(request, customer(0), with_(coffee({ stock: 0 })), NOW)).toThrow(RewardUnavailableError);
  });

  it('given the tier reached, records it', () => {
    const { events } = decideRedemption(request, customer(200, 1500), with_(coffee({ minTier: 'Gold' })), NOW);
    expect(events[0].data).toMatchObject({ tier: 'Gold', balance_after: 150 });
  });
});
