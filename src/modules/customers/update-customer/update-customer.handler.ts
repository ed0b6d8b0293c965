import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CustomerStream } from '../../customer-stream/customer-stream.port';
import { decideCustomerUpdate } from './decide-customer-update';
import { UpdateCustomerCommand, UpdateCustomerResult } from './update-customer.command';

/**
 * Corrects a customer's name, email or birthday: `customer.updated` through the customer stream.
 * Two corrections at once are both recorded, one after the other: each is decided on the customer
 * it read, and the stream's expected version makes the later one read and decide again. A
 * correction has no external_ref: sending it again changes nothing and records nothing.
 */
@CommandHandler(UpdateCustomerCommand)
export class UpdateCustomerHandler implements ICommandHandler<UpdateCustomerCommand, UpdateCustomerResult> {
  constructor(private readonly stream: CustomerStream) {}

  async execute(command: UpdateCustomerCommand): Promise<UpdateCustomerResult> {
    const result = await this.stream.change({
      caller: { organizationId: command.organizationId, apiKey: command.caller, requestId: command.requestId },
      customer: { by: 'loyalty_code', value: command.loyaltyCode },
      claim: null,
      settings: async () => undefined,
      decide: (customer) => decideCustomerUpdate(command.correction, customer.state),
    });
    return { customer: result.customer, changed: result.outcome.changed };
  }
}
