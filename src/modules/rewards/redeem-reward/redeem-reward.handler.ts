import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../common/clock/clock';
import { Database, Sql } from '../../../database/database';
import { EventStore } from '../../../event-store/event-store';
import { StreamVersionConflictError } from '../../../event-store/stream-version-conflict.error';
import { CustomerAccountsRepository } from '../../customers/customer-accounts.repository';
import { CUSTOMER_STREAM } from '../../customers/customer.events';
import { isUuid } from '../../../common/http/resource-id.pipe';
import { CustomerLookup, customerLookupOf } from '../../customers/customer-lookup';
import { CustomerNotFoundError } from '../../customers/customers.errors';
import { IdempotencyRepository, RecordedOutcome } from '../../idempotency/idempotency.repository';
import { requestFingerprint } from '../../idempotency/request-fingerprint';
import { isTierAtLeast, tierFor } from '../../points/policy';
import { hasStockLeft, isOffered, Reward } from '../reward';
import { REWARD_REDEEMED, RewardRedeemedData } from '../rewards.events';
import { InsufficientPointsError, RewardNotFoundError, RewardUnavailableError, TierLockedError } from '../rewards.errors';
import { RewardsRepository } from '../rewards.repository';
import { RedeemRewardCommand, RedeemRewardResult } from './redeem-reward.command';
import { RedemptionContext, RedemptionContextRepository } from './redemption-context.repository';

type StoredRedemption = { rewardId: string; redemptionId: string };
const MAX_ATTEMPTS = 3;

/**
 * Redeems a reward in one transaction, checking in the contract's order with the customer and the
 * reward rows locked: customer, reward offered, tier, stock, balance. Then `reward.redeemed` is
 * appended, the balance and the reward's stock move, and the outcome is stored for retries.
 */
@CommandHandler(RedeemRewardCommand)
export class RedeemRewardHandler implements ICommandHandler<RedeemRewardCommand, RedeemRewardResult> {
  constructor(
    private readonly database: Database,
    private readonly context: RedemptionContextRepository,
    private readonly rewards: RewardsRepository,
    private readonly customers: CustomerAccountsRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly events: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: RedeemRewardCommand): Promise<RedeemRewardResult> {
    const lookup = customerLookupOf(command.identifier);
    const fingerprint = command.externalRef ? requestFingerprint({ source: 'redemption', customer: [lookup.by, lookup.value], reward_id: command.rewardId }) : '';
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.database.transaction((tx) => this.redeem(tx, command, lookup, fingerprint));
      } catch (error) {
        if (!(error instanceof StreamVersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Four round trips (five for a reward with a stock, whose row is locked): BEGIN, claim-lock-read,
   * append with the balance, stock and outcome, COMMIT.
   */
  private async redeem(tx: Sql, command: RedeemRewardCommand, lookup: CustomerLookup, fingerprint: string): Promise<RedeemRewardResult> {
    const { organizationId, externalRef } = command;
    const claim = externalRef ? { ref: externalRef, fingerprint } : null;
    const rewardId = isUuid(command.rewardId) ? command.rewardId : null;
    const loaded = await this.context.claimAndLoad(tx, organizationId, lookup, rewardId, claim);
    if (claim && !loaded.claimed) return this.answerRetry(tx, organizationId, await this.idempotency.earlierOutcome<StoredRedemption>(tx, organizationId, claim.ref, fingerprint));
    const ctx = loaded.context;
    if (!ctx) throw new CustomerNotFoundError();
    // A limited stock is taken one redemption at a time: lock the reward row and read it again.
    const reward = loaded.reward?.stock != null ? await this.rewards.lock(tx, organizationId, loaded.reward.id) : loaded.reward;
    this.check(ctx, reward);

    const redemptionId = randomUUID();
    const data: RewardRedeemedData = {
      redemption_id: redemptionId,
      reward_id: reward.id,
      reward_name: reward.name,
      points_cost: reward.pointsCost,
      tier: tierFor(ctx.tiers, ctx.lifetimePoints)?.name ?? null,
      external_ref: externalRef,
      balance_after: ctx.pointsBalance - reward.pointsCost,
    };
    const stored: StoredRedemption = { rewardId: reward.id, redemptionId };
    const alongside = [this.context.applyRedemption(organizationId, ctx.customerId, reward.pointsCost, ctx.stream.version + 1)];
    if (reward.stock !== null) alongside.push(this.rewards.countRedemption(organizationId, reward.id));
    if (claim) alongside.push(this.idempotency.complete(organizationId, claim.ref, { customerId: ctx.customerId, result: stored }));
    const stream = { organizationId, streamId: ctx.customerId, streamType: CUSTOMER_STREAM };
    await this.events.append(tx, stream, ctx.stream, [{ type: REWARD_REDEEMED, eventId: redemptionId, data: { ...data }, metadata: { request_id: command.requestId } }], alongside);
    return { ...stored, customer: { loyaltyCode: ctx.loyaltyCode, name: ctx.name, pointsBalance: data.balance_after }, duplicate: false };
  }

  /** The contract's order: reward offered (404), tier (422 tier_locked), stock, balance. */
  private check(ctx: RedemptionContext, reward: Reward | null): asserts reward is Reward {
    if (!reward || !isOffered(reward, this.clock.now())) throw new RewardNotFoundError();
    const customerTier = tierFor(ctx.tiers, ctx.lifetimePoints)?.name ?? null;
    if (reward.minTier && !isTierAtLeast(ctx.tiers, customerTier, reward.minTier)) throw new TierLockedError(reward.minTier);
    if (!hasStockLeft(reward)) throw new RewardUnavailableError();
    if (ctx.pointsBalance < reward.pointsCost) throw new InsufficientPointsError();
  }

  private async answerRetry(tx: Sql, organizationId: string, earlier: RecordedOutcome<StoredRedemption>): Promise<RedeemRewardResult> {
    const c = (await this.customers.findById(tx, organizationId, earlier.customerId))!;
    return { ...earlier.result, customer: { loyaltyCode: c.loyaltyCode, name: c.name, pointsBalance: c.pointsBalance }, duplicate: true };
  }
}
