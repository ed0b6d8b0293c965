import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CustomerStream } from '../../customer-stream/customer-stream.port';
import { CustomerLookups } from '../customer-lookups';
import { newLoyaltyCode } from '../loyalty-code';
import { decideRegistration } from './decide-registration';
import { RegisterCustomerCommand, RegisterCustomerResult } from './register-customer.command';

/** Codes are 32 random bits; a collision is rare, several in a row means something is wrong. */
const MAX_CODE_ATTEMPTS = 5;

/**
 * Registers a customer: `customer.registered` starts their stream, with the projection row, in one
 * statement. A known email answers with that customer, unchanged. The unique index on
 * (organization, email) decides between concurrent registrations of one email: exactly one starts
 * a stream, the others find that customer and return it as existing.
 */
@CommandHandler(RegisterCustomerCommand)
export class RegisterCustomerHandler implements ICommandHandler<RegisterCustomerCommand, RegisterCustomerResult> {
  constructor(
    private readonly stream: CustomerStream,
    private readonly lookups: CustomerLookups,
  ) {}

  async execute(command: RegisterCustomerCommand): Promise<RegisterCustomerResult> {
    const caller = { organizationId: command.organizationId, apiKey: command.caller, requestId: command.requestId };
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const known = await this.existingByEmail(command);
      if (known) return known;
      const customerId = randomUUID();
      const loyaltyCode = newLoyaltyCode();
      const started = await this.stream.start({ caller, customerId, decide: () => decideRegistration(command, loyaltyCode) });
      if (started) {
        const customer = {
          id: customerId,
          loyaltyCode,
          name: started.name!,
          email: started.email,
          pointsBalance: started.pointsBalance,
          lifetimePoints: started.lifetimePoints,
          tier: null,
        };
        return { customer, existing: false };
      }
    }
    throw new Error(`no free loyalty code after ${MAX_CODE_ATTEMPTS} attempts`);
  }

  private async existingByEmail(command: RegisterCustomerCommand): Promise<RegisterCustomerResult | null> {
    if (!command.email) return null;
    const customer = await this.lookups.findForCaller(command.caller, { by: 'email', value: command.email });
    return customer && { customer, existing: true };
  }
}
