import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Database, Sql } from '../../../database/database';
import { EventStore } from '../../../event-store/event-store';
import { NO_STREAM } from '../../../event-store/event.types';
import { CustomerAccountsRepository } from '../customer-accounts.repository';
import { CUSTOMER_REGISTERED, CustomerRegisteredData, CUSTOMER_STREAM } from '../customer.events';
import { newLoyaltyCode } from '../loyalty-code';
import { RegisterCustomerCommand, RegisterCustomerResult } from './register-customer.command';

/** Codes are 32 random bits; a collision is rare, several in a row means something is wrong. */
const MAX_CODE_ATTEMPTS = 5;

/**
 * Registers a customer: the projection row and the `customer.registered` event in one transaction.
 * The unique index on (organization, email) decides between concurrent registrations of one
 * email: exactly one inserts, the others find that customer and return it as existing.
 */
@CommandHandler(RegisterCustomerCommand)
export class RegisterCustomerHandler implements ICommandHandler<RegisterCustomerCommand, RegisterCustomerResult> {
  constructor(
    private readonly database: Database,
    private readonly customers: CustomerAccountsRepository,
    private readonly events: EventStore,
  ) {}

  async execute(command: RegisterCustomerCommand): Promise<RegisterCustomerResult> {
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const outcome = await this.database.transaction((tx) => this.tryRegister(tx, command));
      if (outcome) return outcome;
    }
    throw new Error(`no free loyalty code after ${MAX_CODE_ATTEMPTS} attempts`);
  }

  /** Null when the random code was taken: the caller tries again with another. */
  private async tryRegister(tx: Sql, command: RegisterCustomerCommand): Promise<RegisterCustomerResult | null> {
    const known = await this.existingByEmail(tx, command);
    if (known) return known;
    const customer = { id: randomUUID(), loyaltyCode: newLoyaltyCode(), name: command.name, email: command.email, birthday: command.birthday };
    if (!(await this.customers.insert(tx, command.organizationId, customer))) {
      return this.existingByEmail(tx, command);
    }
    const data: CustomerRegisteredData = { loyalty_code: customer.loyaltyCode, name: customer.name, email: customer.email, birthday: customer.birthday };
    await this.events.append(tx, { organizationId: command.organizationId, streamId: customer.id, streamType: CUSTOMER_STREAM }, NO_STREAM, [
      { type: CUSTOMER_REGISTERED, data: { ...data }, metadata: { request_id: command.requestId } },
    ]);
    const stored = await this.customers.findById(tx, command.organizationId, customer.id);
    return { customer: stored!, existing: false };
  }

  private async existingByEmail(tx: Sql, command: RegisterCustomerCommand): Promise<RegisterCustomerResult | null> {
    if (!command.email) return null;
    const customer = await this.customers.find(tx, command.organizationId, { by: 'email', value: command.email });
    return customer && { customer, existing: true };
  }
}
