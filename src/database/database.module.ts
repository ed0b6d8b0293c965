import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Database } from './database';
import { DatabaseConnection } from './database-connection';

/**
 * Provides the open Database to every module. The connection is opened before Nest starts (so a
 * broken database stops the service early) and closed after the HTTP server has drained.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  static forRoot(connection: DatabaseConnection): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DatabaseConnection, useValue: connection },
        { provide: Database, useValue: connection.database },
      ],
      exports: [Database],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
