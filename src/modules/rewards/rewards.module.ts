import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../../common/clock/clock';
import { CustomersModule } from '../customers/customers.module';
import { PointsModule } from '../points/points.module';
import { RedeemRewardHandler } from './redeem-reward/redeem-reward.handler';
import { RedemptionHistoryReader } from './reverse-redemption/redemption-history.reader';
import { ReverseRedemptionHandler } from './reverse-redemption/reverse-redemption.handler';
import { RewardsAdminController } from './rewards-admin.controller';
import { RewardsController } from './rewards.controller';
import { RewardsRepository } from './rewards.repository';

@Module({
  imports: [CustomersModule, PointsModule],
  controllers: [RewardsController, RewardsAdminController],
  providers: [RewardsRepository, RedeemRewardHandler, RedemptionHistoryReader, ReverseRedemptionHandler, { provide: Clock, useClass: SystemClock }],
})
export class RewardsModule {}
