import { Module } from '@nestjs/common';
import { CustomerAccountsRepository } from './customer-accounts.repository';
import { CustomersController } from './customers.controller';
import { RegisterCustomerHandler } from './register-customer/register-customer.handler';

@Module({
  controllers: [CustomersController],
  providers: [CustomerAccountsRepository, RegisterCustomerHandler],
  exports: [CustomerAccountsRepository],
})
export class CustomersModule {}
