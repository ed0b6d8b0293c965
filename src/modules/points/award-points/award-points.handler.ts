import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidRequestError } from '../../../common/errors/api-error';
import { Clock } from '../../../common/clock/clock';
import { Database, Sql } from '../../../database/database';
import { LockPiece, SqlPiece } from '../../../database/sql-params';
import { EventStore } from '../../../event-store/event-store';
import { StreamVersionConflictError } from '../../../event-store/stream-version-conflict.error';
import { CustomerAccountsRepository } from '../../customers/customer-accounts.repository';
import { CUSTOMER_STREAM } from '../../customers/customer.events';
import { CustomerNotFoundError } from '../../customers/customers.errors';
import { CustomerLookup, customerLookupOf } from '../../customers/customer-lookup';
import { confirmKey } from '../../api-keys/key-confirmation';
import { IdempotencyRepository, isRefTaken, RecordedOutcome, replayOf } from '../../idempotency/idempotency.repository';
import { requestFingerprint } from '../../idempotency/request-fingerprint';
import { AwardDecision, decideAward, formatDecimal4, isAmountTooLow, resolveSaleTime, UnsafeIntegerError } from '../policy';
import { AmountTooLowError, PointsOutOfRangeError } from '../points.errors';
import { POINTS_AWARDED, PointsAwardedData } from '../points.events';
import { AwardContext, AwardContextRepository } from './award-context.repository';
import { AwardPointsCommand, AwardPointsResult } from './award-points.command';

/** What a retry of the same external_ref is answered with (the customer's balance is read fresh). */
type StoredAward = Omit<AwardPointsResult, 'customer' | 'duplicate'>;

/** Optimistic tries before queueing on the customer's lock: a second try covers a race, not a crowd. */
const OPTIMISTIC_ATTEMPTS = 2;
/** Locking the customer row makes stream conflicts near impossible; a few retries cover the rest. */
const LOCKED_ATTEMPTS = 3;

/** The optimistic write lost a race (the stream moved, or the ref was taken): read again. */
const RACE_LOST = Symbol('race lost');

/**
 * Awards points for a purchase: read the customer and the policy inputs, decide with the pure
 * policy, then append `points.awarded` with its full breakdown, move the projection and store the
 * outcome for retries, all or nothing.
 *
 * Optimistic first (docs/architecture.md, "The write path"): one read and one write statement, no
 * transaction held open while Node decides. The write moves the stream head only from the version
 * that was read, so a concurrent change to the customer makes it change nothing; the award is then
 * read and decided again. A customer that keeps moving (many tills at once) is served by the
 * locked path instead: BEGIN, claim-lock-read, append, COMMIT, in which writers queue on the row.
 */
@CommandHandler(AwardPointsCommand)
export class AwardPointsHandler implements ICommandHandler<AwardPointsCommand, AwardPointsResult> {
  constructor(
    private readonly database: Database,
    private readonly context: AwardContextRepository,
    private readonly customers: CustomerAccountsRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly events: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: AwardPointsCommand): Promise<AwardPointsResult> {
    const saleTime = this.saleTime(command);
    const lookup = customerLookupOf(command.identifier);
    const fingerprint = command.externalRef ? requestFingerprint(this.fingerprintOf(command, lookup)) : '';
    for (let attempt = 1; attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
      const result = await this.awardOptimistically(command, lookup, saleTime, fingerprint);
      if (result !== RACE_LOST) return result;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.database.transaction((tx) => this.awardLocked(tx, command, lookup, saleTime, fingerprint));
      } catch (error) {
        if (!(error instanceof StreamVersionConflictError) || attempt >= LOCKED_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Two round trips, each its own implicit transaction: the read (which also confirms the caller's
   * key), and the append with the projection and the claimed ref. RACE_LOST when the write found
   * the stream moved or the ref taken since the read: nothing was written.
   */
  private async awardOptimistically(command: AwardPointsCommand, lookup: CustomerLookup, saleTime: Date, fingerprint: string): Promise<AwardPointsResult | typeof RACE_LOST> {
    const { organizationId, externalRef } = command;
    const read = await this.context.read(command.caller, lookup, externalRef);
    confirmKey(command.caller, read.keyActive);
    if (read.earlier) return this.answerRetry(this.database, organizationId, replayOf<StoredAward>(read.earlier, fingerprint));
    if (!read.context) throw new CustomerNotFoundError();
    const ctx = read.context;
    const { stored, data } = this.decideAndDescribe(command, ctx, saleTime);
    const alongside = [this.context.applyAward(organizationId, ctx.customerId, stored.pointsAdded, ctx.stream.version + 1)];
    if (externalRef) alongside.push(this.idempotency.claimWithOutcome(organizationId, externalRef, fingerprint, { customerId: ctx.customerId, result: stored }));
    try {
      await this.appendAward(this.database, command, ctx, saleTime, data, alongside, this.context.lockCustomer(organizationId, ctx.customerId));
    } catch (error) {
      if (error instanceof StreamVersionConflictError || isRefTaken(error)) return RACE_LOST;
      throw error;
    }
    return this.result(stored, ctx, data);
  }

  /** Four round trips: BEGIN, claim-lock-read, append-with-projection-and-outcome, COMMIT. */
  private async awardLocked(tx: Sql, command: AwardPointsCommand, lookup: CustomerLookup, saleTime: Date, fingerprint: string): Promise<AwardPointsResult> {
    const { organizationId, externalRef } = command;
    const claim = externalRef ? { ref: externalRef, fingerprint } : null;
    const { claimed, context: ctx } = await this.context.claimAndLoad(tx, organizationId, lookup, claim);
    if (claim && !claimed) return this.answerRetry(tx, organizationId, await this.idempotency.earlierOutcome<StoredAward>(tx, organizationId, claim.ref, fingerprint));
    if (!ctx) throw new CustomerNotFoundError();
    const { stored, data } = this.decideAndDescribe(command, ctx, saleTime);
    const alongside = [this.context.applyAward(organizationId, ctx.customerId, stored.pointsAdded, ctx.stream.version + 1)];
    if (claim) alongside.push(this.idempotency.complete(organizationId, claim.ref, { customerId: ctx.customerId, result: stored }));
    await this.appendAward(tx, command, ctx, saleTime, data, alongside);
    return this.result(stored, ctx, data);
  }

  /** The decision, what retries will be answered with, and the event's data. */
  private decideAndDescribe(command: AwardPointsCommand, ctx: AwardContext, saleTime: Date): { stored: StoredAward; data: PointsAwardedData } {
    const decision = this.decide(command, ctx, saleTime);
    if (isAmountTooLow(decision)) throw new AmountTooLowError();
    if (!Number.isSafeInteger(ctx.lifetimePoints + decision.pointsAdded)) throw new PointsOutOfRangeError();
    const stored: StoredAward = {
      pointsAdded: decision.pointsAdded,
      basePoints: decision.basePoints,
      productPoints: decision.productPoints,
      rulesApplied: decision.rulesApplied.map((r) => r.name),
      bonusApplied: decision.bonus?.name ?? null,
    };
    return { stored, data: this.eventData(command, ctx, decision) };
  }

  private appendAward(sql: Sql, command: AwardPointsCommand, ctx: AwardContext, saleTime: Date, data: PointsAwardedData, alongside: SqlPiece[], lockFirst?: LockPiece) {
    const stream = { organizationId: command.organizationId, streamId: ctx.customerId, streamType: CUSTOMER_STREAM };
    const event = { type: POINTS_AWARDED, data: { ...data }, occurredAt: saleTime, metadata: { request_id: command.requestId } };
    return this.events.append(sql, stream, ctx.stream, [event], alongside, lockFirst);
  }

  private result(stored: StoredAward, ctx: AwardContext, data: PointsAwardedData): AwardPointsResult {
    return { ...stored, customer: { loyaltyCode: ctx.loyaltyCode, name: ctx.name, pointsBalance: data.balance_after }, duplicate: false };
  }

  /** The pure policy; a result it cannot compute exactly is the client's value out of range. */
  private decide(command: AwardPointsCommand, ctx: AwardContext, saleTime: Date): AwardDecision {
    try {
      return decideAward({
        amountCents: command.amountCents,
        earnRate: ctx.earnRate,
        bonuses: ctx.bonuses,
        timeZone: ctx.timeZone,
        tiers: ctx.tiers,
        lifetimePoints: ctx.lifetimePoints,
        saleTime,
        items: command.lineItems ?? undefined,
        rules: ctx.rules,
      });
    } catch (error) {
      if (error instanceof UnsafeIntegerError) throw new PointsOutOfRangeError();
      throw error;
    }
  }

  private async answerRetry(tx: Sql, organizationId: string, earlier: RecordedOutcome<StoredAward>): Promise<AwardPointsResult> {
    const customer = await this.customers.findById(tx, organizationId, earlier.customerId);
    return { ...earlier.result, customer: { loyaltyCode: customer!.loyaltyCode, name: customer!.name, pointsBalance: customer!.pointsBalance }, duplicate: true };
  }

  private saleTime(command: AwardPointsCommand): Date {
    const resolved = resolveSaleTime(command.occurredAt, this.clock.now());
    if (resolved.ok) return resolved.at;
    const message = resolved.reason === 'too_old' ? 'occurred_at is more than 30 days old' : 'occurred_at is more than 5 minutes in the future';
    throw new InvalidRequestError(message, [{ field: 'occurred_at', message }]);
  }

  private fingerprintOf(command: AwardPointsCommand, lookup: CustomerLookup) {
    return {
      source: command.source,
      customer: [lookup.by, lookup.value],
      amount_cents: command.amountCents,
      line_items: command.lineItems,
      occurred_at: command.occurredAt?.toISOString() ?? null,
    };
  }

  private eventData(command: AwardPointsCommand, ctx: AwardContext, d: AwardDecision): PointsAwardedData {
    return {
      source: command.source,
      external_ref: command.externalRef,
      amount_cents: command.amountCents,
      earn_rate: formatDecimal4(ctx.earnRate),
      bonus: d.bonus && { name: d.bonus.name, multiplier: formatDecimal4(d.bonus.multiplier) },
      tier: d.tier && { name: d.tier.name, multiplier: formatDecimal4(d.tier.multiplier) },
      base_points: d.basePoints,
      ...(command.lineItems && {
        line_items: command.lineItems.map((i) => ({ name: i.name, category: i.category ?? null, quantity: i.quantity, unit_price_cents: i.unitPriceCents })),
      }),
      rules: d.rulesApplied.map((r) => ({ name: r.name, points: r.points })),
      product_points: d.productPoints,
      points: d.pointsAdded,
      balance_after: ctx.pointsBalance + d.pointsAdded,
      lifetime_points_after: ctx.lifetimePoints + d.pointsAdded,
    };
  }
}
