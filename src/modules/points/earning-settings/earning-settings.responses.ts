import { ApiProperty } from '@nestjs/swagger';

const ID = { format: 'uuid', example: '3f0c7a52-5a4e-4f8e-9d3b-2b1f4c6d8e90' };
const CREATED_AT = { format: 'date-time', example: '2026-11-25T14:30:00.000Z' };

export class TierView {
  @ApiProperty(ID) id!: string;
  @ApiProperty({ example: 'Gold' }) name!: string;
  @ApiProperty({ type: 'integer', minimum: 0, example: 1000 }) min_lifetime_points!: number;
  @ApiProperty({ type: 'number', example: 1.25 }) multiplier!: number;
  @ApiProperty(CREATED_AT) created_at!: string;
}

export class BonusView {
  @ApiProperty(ID) id!: string;
  @ApiProperty({ example: 'Happy hour' }) name!: string;
  @ApiProperty({ type: 'number', example: 2 }) multiplier!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'integer', minimum: 0, maximum: 6 },
    nullable: true,
    example: [1, 2, 3, 4, 5],
    description: 'Sorted; null: every day.',
  })
  days_of_week!: number[] | null;
  @ApiProperty({ type: String, nullable: true, example: '17:00' }) start_time!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '19:00' }) end_time!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: null }) starts_on!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: null }) ends_on!: string | null;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty(CREATED_AT) created_at!: string;
}

export class EarnRuleView {
  @ApiProperty(ID) id!: string;
  @ApiProperty({ example: '2 cappuccinos = 15 pts' }) name!: string;
  @ApiProperty({ enum: ['product', 'category', 'bulk'], example: 'product' }) type!: 'product' | 'category' | 'bulk';
  @ApiProperty({ example: 'Cappuccino' }) match!: string;
  @ApiProperty({ type: 'integer', minimum: 1, example: 2 }) quantity!: number;
  @ApiProperty({ type: 'integer', minimum: 1, example: 15 }) points!: number;
  @ApiProperty(CREATED_AT) created_at!: string;
}

export class TierResponse {
  @ApiProperty({ type: TierView }) tier!: TierView;
}
export class TierListResponse {
  @ApiProperty({ type: [TierView], description: 'By min_lifetime_points.' }) tiers!: TierView[];
}
export class BonusResponse {
  @ApiProperty({ type: BonusView }) bonus!: BonusView;
}
export class BonusListResponse {
  @ApiProperty({ type: [BonusView], description: 'In the order they were created.' }) bonuses!: BonusView[];
}
export class EarnRuleResponse {
  @ApiProperty({ type: EarnRuleView }) earn_rule!: EarnRuleView;
}
export class EarnRuleListResponse {
  @ApiProperty({ type: [EarnRuleView], description: 'In the order they were created, which is the order they apply in.' }) earn_rules!: EarnRuleView[];
}
