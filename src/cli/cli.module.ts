import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseConnection } from '../database/database-connection';
import { DatabaseModule } from '../database/database.module';
import { ApiKeysModule } from '../modules/api-keys/api-keys.module';
import { CustomerStreamModule } from '../modules/customer-stream/customer-stream.module';
import { ExpirePointsJob } from '../modules/points/expire-points/expire-points.job';
import { OrganizationsModule } from '../modules/organizations/organizations.module';

/** The application services the admin API uses, and the expiry job, without HTTP, guards or rate limits. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, connection: DatabaseConnection): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(connection), OrganizationsModule, ApiKeysModule, CustomerStreamModule],
      providers: [ExpirePointsJob],
    };
  }
}
