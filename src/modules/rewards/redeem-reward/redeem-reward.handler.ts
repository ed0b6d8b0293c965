import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../common/clock/clock';
import { CustomerStream } from '../../customer-stream/customer-stream.port';
import { customerLookupOf } from '../../customers/customer-lookup';
import { requestFingerprint } from '../../idempotency/request-fingerprint';
import { EarningSettingsReader } from '../../points/award-points/earning-settings.reader';
import { RewardsRepository } from '../rewards.repository';
import { decideRedemption, RedemptionOutcome } from './decide-redemption';
import { RedeemRewardCommand, RedeemRewardResult } from './redeem-reward.command';

/**
 * Redeems a reward: load the customer, read the reward, decide (customer, reward offered, tier,
 * stock, balance), append `reward.redeemed` with the balance, the reward's stock and the outcome,
 * all or nothing. Concurrent redemptions can overdraw neither the balance (the stream's expected
 * version) nor the stock (counted in the same statement, refused by the database past the stock).
 */
@CommandHandler(RedeemRewardCommand)
export class RedeemRewardHandler implements ICommandHandler<RedeemRewardCommand, RedeemRewardResult> {
  constructor(
    private readonly stream: CustomerStream,
    private readonly rewards: RewardsRepository,
    private readonly earning: EarningSettingsReader,
    private readonly clock: Clock,
  ) {}

  async execute(command: RedeemRewardCommand): Promise<RedeemRewardResult> {
    const { organizationId, externalRef, rewardId } = command;
    const lookup = customerLookupOf(command.identifier);
    const request = { redemptionId: randomUUID(), externalRef };
    const result = await this.stream.change({
      caller: { organizationId, apiKey: command.caller, requestId: command.requestId },
      customer: lookup,
      claim: externalRef
        ? { ref: externalRef, fingerprint: requestFingerprint({ source: 'redemption', customer: [lookup.by, lookup.value], reward_id: rewardId }) }
        : null,
      settings: async (on, customer) => ({
        tiers: (await this.earning.at(on, organizationId, customer.settingsVersion)).tiers,
        reward: await this.rewards.find(on, organizationId, rewardId),
      }),
      decide: (customer, settings) => decideRedemption(request, customer.state, settings, this.clock.now()),
    });
    const outcome: RedemptionOutcome = result.outcome;
    const c = result.customer;
    return { ...outcome, customer: { loyaltyCode: c.loyaltyCode!, name: c.name!, pointsBalance: c.pointsBalance }, duplicate: result.duplicate };
  }
}
