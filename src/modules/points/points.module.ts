import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../../common/clock/clock';
import { CustomersModule } from '../customers/customers.module';
import { AdjustPointsHandler } from './adjust-points/adjust-points.handler';
import { AdjustmentsController } from './adjust-points/adjustments.controller';
import { AwardPointsHandler } from './award-points/award-points.handler';
import { EarningSettingsReader } from './award-points/earning-settings.reader';
import { PurchasesController } from './award-points/purchases.controller';
import { EarningSettingsController } from './earning-settings/earning-settings.controller';
import { ExpirePointsJob } from './expire-points/expire-points.job';
import { ExpiryScheduler } from './expire-points/expiry-scheduler';
import { RefundPointsHandler } from './refund-points/refund-points.handler';
import { RefundsController } from './refund-points/refunds.controller';
import { SaleHistoryReader } from './refund-points/sale-history.reader';

@Module({
  imports: [CustomersModule],
  controllers: [PurchasesController, RefundsController, EarningSettingsController, AdjustmentsController],
  providers: [
    EarningSettingsReader,
    AwardPointsHandler,
    SaleHistoryReader,
    RefundPointsHandler,
    AdjustPointsHandler,
    ExpirePointsJob,
    ExpiryScheduler,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [EarningSettingsReader],
})
export class PointsModule {}
