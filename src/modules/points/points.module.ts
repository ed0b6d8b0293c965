import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../../common/clock/clock';
import { CustomersModule } from '../customers/customers.module';
import { AdjustPointsHandler } from './adjust-points/adjust-points.handler';
import { AdjustmentsController } from './adjust-points/adjustments.controller';
import { AwardPointsHandler } from './award-points/award-points.handler';
import { EarningSettingsReader } from './award-points/earning-settings.reader';
import { PurchasesController } from './award-points/purchases.controller';
import { EarningSettingsController } from './earning-settings/earning-settings.controller';

@Module({
  imports: [CustomersModule],
  controllers: [PurchasesController, EarningSettingsController, AdjustmentsController],
  providers: [EarningSettingsReader, AwardPointsHandler, AdjustPointsHandler, { provide: Clock, useClass: SystemClock }],
  exports: [EarningSettingsReader],
})
export class PointsModule {}
