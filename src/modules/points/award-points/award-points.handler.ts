import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../common/clock/clock';
import { CustomerStream } from '../../customer-stream/customer-stream.port';
import { customerLookupOf, CustomerLookup } from '../../customers/customer-lookup';
import { requestFingerprint } from '../../idempotency/request-fingerprint';
import { saleTimeOrInvalid } from '../sale-time';
import { AwardPointsCommand, AwardPointsResult } from './award-points.command';
import { AwardOutcome, decideAwardPoints } from './decide-award-points';
import { EarningSettingsReader } from './earning-settings.reader';

/**
 * Awards points for a purchase: load the customer, decide with the earning policy, append
 * `points.awarded` with the projection and the outcome for retries, all or nothing (the customer
 * stream, customer-stream.port.ts).
 */
@CommandHandler(AwardPointsCommand)
export class AwardPointsHandler implements ICommandHandler<AwardPointsCommand, AwardPointsResult> {
  constructor(
    private readonly stream: CustomerStream,
    private readonly settings: EarningSettingsReader,
    private readonly clock: Clock,
  ) {}

  async execute(command: AwardPointsCommand): Promise<AwardPointsResult> {
    const purchase = {
      source: command.source,
      amountCents: command.amountCents,
      lineItems: command.lineItems,
      externalRef: command.externalRef,
      saleTime: saleTimeOrInvalid(command.occurredAt, this.clock.now()),
    };
    const lookup = customerLookupOf(command.identifier);
    const result = await this.stream.change({
      caller: { organizationId: command.organizationId, apiKey: command.caller, requestId: command.requestId },
      customer: lookup,
      claim: command.externalRef ? { ref: command.externalRef, fingerprint: requestFingerprint(this.fingerprintOf(command, lookup)) } : null,
      settings: (on, customer) => this.settings.at(on, command.organizationId, customer.settingsVersion),
      decide: (customer, settings) => decideAwardPoints(purchase, customer.state, settings),
    });
    const outcome: AwardOutcome = result.outcome;
    const c = result.customer;
    return { ...outcome, customer: { loyaltyCode: c.loyaltyCode!, name: c.name!, pointsBalance: c.pointsBalance }, duplicate: result.duplicate };
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
}
