import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../../common/clock/clock';
import { CustomersModule } from '../customers/customers.module';
import { AwardContextRepository } from './award-points/award-context.repository';
import { AwardPointsHandler } from './award-points/award-points.handler';
import { PurchasesController } from './award-points/purchases.controller';
import { EarningSettingsController } from './earning-settings/earning-settings.controller';

@Module({
  imports: [CustomersModule],
  controllers: [PurchasesController, EarningSettingsController],
  providers: [AwardContextRepository, AwardPointsHandler, { provide: Clock, useClass: SystemClock }],
})
export class PointsModule {}
