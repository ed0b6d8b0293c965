import { Module } from '@nestjs/common';
import { CustomerAccountsRepository } from './customer-accounts.repository';
import { CustomerLookups } from './customer-lookups';
import { CustomersController } from './customers.controller';
import { RegisterCustomerHandler } from './register-customer/register-customer.handler';

@Module({
  controllers: [CustomersController],
  providers: [CustomerAccountsRepository, CustomerLookups, RegisterCustomerHandler],
  exports: [CustomerAccountsRepository],
})
export class CustomersModule {}
