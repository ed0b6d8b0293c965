import { Global, Module } from '@nestjs/common';
import { CustomerStream } from './customer-stream.port';
import { PostgresCustomerStream } from './postgres-customer-stream';

/** The write side's one port, for every module that changes a customer. */
@Global()
@Module({ providers: [{ provide: CustomerStream, useClass: PostgresCustomerStream }], exports: [CustomerStream] })
export class CustomerStreamModule {}
