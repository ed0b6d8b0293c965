import { DynamicModule, Module, Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseConnection } from './database/database-connection';
import { DatabaseModule } from './database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';
import { AccessModule } from './modules/access/access.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { CustomersModule } from './modules/customers/customers.module';
import { CustomerStreamModule } from './modules/customer-stream/customer-stream.module';
import { LedgerModule } from './modules/ledger/ledger.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { PointsModule } from './modules/points/points.module';
import { RewardsModule } from './modules/rewards/rewards.module';

@Module({})
export class AppModule {
  /** `extraModules` lets the e2e tests mount probe routes next to the real ones. */
  static forRoot(config: AppConfig, connection: DatabaseConnection, extraModules: Array<Type | DynamicModule> = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(connection),
        CqrsModule.forRoot(),
        MetricsModule,
        EventStoreModule,
        HealthModule,
        AccessModule,
        OrganizationsModule,
        ApiKeysModule,
        CustomerStreamModule,
        CustomersModule,
        PointsModule,
        RewardsModule,
        LedgerModule,
        ...extraModules,
      ],
    };
  }
}
