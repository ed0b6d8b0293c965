import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { CustomerRequestDto } from '../customers/customer-request.dto';

export class RedemptionDto extends CustomerRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: '638e1370-2441-4941-a6d3-6b5b676e8a70', description: 'The `id` from GET /api/v1/rewards.' })
  @IsString()
  @Length(1, 100)
  reward_id!: string;
}

export class RewardDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Free coffee' })
  @IsString()
  @Length(1, 100)
  name!: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000, example: null })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000_000, example: 50 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  points_cost!: number;
  /** An emoji or a short icon name. */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 32, example: '☕', description: 'An emoji or a short icon name.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  icon?: string | null;
  /** The name of a tier of the organization; customers below it get tier_locked. */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: 100,
    example: 'Gold',
    description: 'A tier name of the organization; customers below it get 422 `tier_locked`.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  min_tier?: string | null;
  /** How many can be redeemed in all, from the start: redemptions made before it was set count against it. */
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 1_000_000_000,
    description:
      'How many can be redeemed in all, from the start: redemptions made before it was set count against it, so it cannot be set below ' +
      'them (400 naming `stock`). Absent or null: unlimited.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  stock?: number | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Offered from this instant (inclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  available_from?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Offered until this instant (exclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  available_until?: string | null;
  @ApiPropertyOptional({ description: 'Offered at all. On creation, default true.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateRewardDto extends PartialType(RewardDto) {}

/** POST /api/v1/redemptions/:redemption_id/reversal: why the reward was not handed over (optional). */
export class ReversalDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'Out of cake', description: 'Recorded in the ledger.' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  reason?: string;
}
