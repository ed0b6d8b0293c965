import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CustomerStream } from '../../customer-stream/customer-stream.port';
import { decideReversal, ReversalOutcome } from './decide-reversal';
import { RedemptionHistoryReader } from './redemption-history.reader';
import { ReverseRedemptionCommand, ReverseRedemptionResult } from './reverse-redemption.command';

/**
 * Reverses a redemption: find its customer, load them, read the redemption and any reversal of it,
 * decide, append `reward.redemption_reversed` with the balance and the reward's stock. Two reversals
 * at once are changes of one stream: one is recorded, the other decides again and finds it.
 */
@CommandHandler(ReverseRedemptionCommand)
export class ReverseRedemptionHandler implements ICommandHandler<ReverseRedemptionCommand, ReverseRedemptionResult> {
  constructor(
    private readonly stream: CustomerStream,
    private readonly redemptions: RedemptionHistoryReader,
  ) {}

  async execute(command: ReverseRedemptionCommand): Promise<ReverseRedemptionResult> {
    const { organizationId, redemptionId } = command;
    const customerId = await this.redemptions.customerOf(organizationId, redemptionId);
    const result = await this.stream.change({
      caller: { organizationId, apiKey: command.caller, requestId: command.requestId },
      customer: { by: 'id', value: customerId },
      claim: null,
      settings: (on) => this.redemptions.history(on, organizationId, customerId, redemptionId),
      decide: (customer, history) => decideReversal({ reason: command.reason }, customer.state, history),
    });
    const outcome: ReversalOutcome = result.outcome;
    const c = result.customer;
    return { ...outcome, customer: { loyaltyCode: c.loyaltyCode!, name: c.name!, pointsBalance: c.pointsBalance } };
  }
}
