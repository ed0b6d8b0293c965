import { RewardRedeemedData } from '../../customer-stream/customer-events';
import { evolve, UNREGISTERED } from '../../customer-stream/customer-state';
import { decideReversal } from './decide-reversal';

const redemption: RewardRedeemedData = {
  redemption_id: '6f0c1c2e-1a7b-4a53-8a6e-3c0c5f3b9a01',
  reward_id: '2b7f1d0e-9d7c-4c1e-b7a6-0a9e8f7d6c5b',
  reward_name: 'Cake',
  points_cost: 60,
  tier: null,
  external_ref: null,
  balance_after: 40,
};
const customer = { ...UNREGISTERED, loyaltyCode: 'F55EA00D', name: 'Sophie', pointsBalance: 40, lifetimePoints: 100, version: 3 };

describe('deciding a reversal', () => {
  it('given a redemption, when reversed, then its points come back to the balance, not to lifetime points', () => {
    const d = decideReversal({ reason: 'Out of cake' }, customer, { redemption, reversed: null });
    expect(d.events).toEqual([
      {
        type: 'reward.redemption_reversed',
        data: {
          redemption_id: redemption.redemption_id,
          reward_id: redemption.reward_id,
          reward_name: 'Cake',
          points_restored: 60,
          reason: 'Out of cake',
          balance_after: 100,
        },
      },
    ]);
    expect(d.outcome).toEqual({ pointsRestored: 60, alreadyReversed: false });
    expect(d.events.reduce(evolve, customer)).toMatchObject({ pointsBalance: 100, lifetimePoints: 100, version: 4 });
  });

  it('given a redemption reversed already, then nothing, and the first reversal’s points', () => {
    const first = decideReversal({ reason: null }, customer, { redemption, reversed: null }).events[0].data as never;
    const again = decideReversal({ reason: null }, { ...customer, pointsBalance: 100 }, { redemption, reversed: first });
    expect(again).toEqual({ events: [], outcome: { pointsRestored: 60, alreadyReversed: true } });
  });
});
