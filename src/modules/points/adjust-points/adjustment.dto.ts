import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, NotEquals } from 'class-validator';
import { nullAsAbsent } from '../../../common/validation/setting-validators';
import { ADJUSTMENT_REASONS, AdjustmentReason } from '../../customer-stream/customer-events';

/** A bound no real adjustment reaches, so that balances stay exact whatever is given or taken. */
export const MAX_ADJUSTMENT_POINTS = 1_000_000_000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AdjustmentDto {
  @ApiProperty({
    type: 'integer',
    minimum: -MAX_ADJUSTMENT_POINTS,
    maximum: MAX_ADJUSTMENT_POINTS,
    example: 50,
    description: 'Non-zero. Positive: raises the balance and the lifetime points. Negative: lowers the balance only, never below 0.',
  })
  @IsInt()
  @NotEquals(0, { message: 'points must not be 0' })
  @Min(-MAX_ADJUSTMENT_POINTS)
  @Max(MAX_ADJUSTMENT_POINTS)
  points!: number;

  @ApiProperty({ enum: ADJUSTMENT_REASONS, example: 'goodwill' })
  @IsIn(ADJUSTMENT_REASONS, { message: `reason must be one of ${ADJUSTMENT_REASONS.join(', ')}` })
  reason!: AdjustmentReason;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    example: 'Coffee was cold',
    description: 'Trimmed; shown with the reason in the activity.',
  })
  @Transform(({ value }) => nullAsAbsent({ value: trim({ value }) }))
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 255,
    example: 'ticket-4711',
    description: 'Makes retries safe: unique per organization, shared with the POS API’s references.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  external_ref?: string;
}
