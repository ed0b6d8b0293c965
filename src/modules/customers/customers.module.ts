import { Module } from '@nestjs/common';
import { CustomerAccountsRepository } from './customer-accounts.repository';
import { CustomerLookups } from './customer-lookups';
import { CustomersController } from './customers.controller';
import { RegisterCustomerHandler } from './register-customer/register-customer.handler';
import { UpdateCustomerHandler } from './update-customer/update-customer.handler';
import { CustomerActivity } from './activity/customer-activity';
import { CustomerActivityController } from './activity/customer-activity.controller';
import { CustomerSearch } from './search/customer-search';
import { CustomerSearchController } from './search/customer-search.controller';

@Module({
  controllers: [CustomersController, CustomerActivityController, CustomerSearchController],
  providers: [CustomerAccountsRepository, CustomerLookups, RegisterCustomerHandler, UpdateCustomerHandler, CustomerActivity, CustomerSearch],
  exports: [CustomerAccountsRepository],
})
export class CustomersModule {}
