import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../common/clock/clock';
import { CustomerStream } from '../../customer-stream/customer-stream.port';
import { requestFingerprint } from '../../idempotency/request-fingerprint';
import { AdjustPointsCommand, AdjustPointsResult } from './adjust-points.command';
import { EarningSettingsReader } from '../award-points/earning-settings.reader';
import { AdjustmentOutcome, decideAdjustment } from './decide-adjustment';

/**
 * Adjusts a customer's points for staff (admin API): `points.adjusted` through the customer
 * stream, idempotent by external_ref like the POS's writes (one reference space per organization).
 * Concurrent adjustments and redemptions can never overdraw: each is decided on the balance it
 * read, and the stream's expected version makes a later one read and decide again.
 */
@CommandHandler(AdjustPointsCommand)
export class AdjustPointsHandler implements ICommandHandler<AdjustPointsCommand, AdjustPointsResult> {
  constructor(
    private readonly stream: CustomerStream,
    private readonly earning: EarningSettingsReader,
    private readonly clock: Clock,
  ) {}

  async execute(command: AdjustPointsCommand): Promise<AdjustPointsResult> {
    const { organizationId, loyaltyCode, points, reason, note, externalRef, actor } = command;
    const adjustment = { adjustmentId: randomUUID(), points, reason, note, externalRef, actor, at: this.clock.now() };
    const fingerprint = () => requestFingerprint({ source: 'adjustment', customer: ['loyalty_code', loyaltyCode], points, reason, note });
    const result = await this.stream.change({
      // The admin token was checked by the guard: there is no API key to hold the write to.
      caller: { organizationId, apiKey: null, requestId: command.requestId },
      customer: { by: 'loyalty_code', value: loyaltyCode },
      claim: externalRef ? { ref: externalRef, fingerprint: fingerprint() } : null,
      settings: (on, customer) => this.earning.at(on, organizationId, customer.settingsVersion),
      decide: (customer, settings) =>
        decideAdjustment(adjustment, customer.state, { pointsExpireAfterDays: settings.pointsExpireAfterDays ?? null, timeZone: settings.timeZone }),
    });
    const outcome: AdjustmentOutcome = result.outcome;
    const c = result.customer;
    return {
      customer: { loyaltyCode: c.loyaltyCode!, name: c.name!, pointsBalance: c.pointsBalance, lifetimePoints: c.lifetimePoints },
      adjustment: outcome,
      duplicate: result.duplicate,
    };
  }
}
