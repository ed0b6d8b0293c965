import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../../common/clock/clock';
import { CustomersModule } from '../customers/customers.module';
import { RedeemRewardHandler } from './redeem-reward/redeem-reward.handler';
import { RedemptionContextRepository } from './redeem-reward/redemption-context.repository';
import { RewardsAdminController } from './rewards-admin.controller';
import { RewardsController } from './rewards.controller';
import { RewardsRepository } from './rewards.repository';

@Module({
  imports: [CustomersModule],
  controllers: [RewardsController, RewardsAdminController],
  providers: [RewardsRepository, RedemptionContextRepository, RedeemRewardHandler, { provide: Clock, useClass: SystemClock }],
})
export class RewardsModule {}
