import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length } from 'class-validator';
import { DECIMAL_SCHEMA } from '../../../common/openapi/schemas';
import { IsCalendarDate, IsClockTime, IsMultiplier } from '../../../common/validation/setting-validators';

export class BonusDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Happy hour', description: 'Shown as `bonus_applied`.' })
  @IsString()
  @Length(1, 100)
  name!: string;
  @ApiProperty({ ...DECIMAL_SCHEMA, example: 2, description: 'Multiplies base points while active; the highest active bonus applies.' })
  @IsMultiplier()
  multiplier!: number | string;
  /** 0 = Sunday … 6 = Saturday; absent or empty: every day. */
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'integer', minimum: 0, maximum: 6 },
    maxItems: 7,
    nullable: true,
    example: [1, 2, 3, 4, 5],
    description: '0 = Sunday … 6 = Saturday; absent or empty: every day.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @IsIn([0, 1, 2, 3, 4, 5, 6], { each: true })
  days_of_week?: number[] | null;
  /** Local time in the organization's zone; an end at or before the start crosses midnight. */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: '^\\d{2}:\\d{2}$',
    example: '17:00',
    description: "HH:MM in the organization's time zone; give both or neither.",
  })
  @IsOptional()
  @IsClockTime()
  start_time?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: '^\\d{2}:\\d{2}$',
    example: '19:00',
    description: 'Exclusive; at or before start_time: the window crosses midnight.',
  })
  @IsOptional()
  @IsClockTime()
  end_time?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'First day (inclusive), in the organization’s time zone.' })
  @IsOptional()
  @IsCalendarDate()
  starts_on?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Last day (inclusive).' })
  @IsOptional()
  @IsCalendarDate()
  ends_on?: string | null;
  @ApiPropertyOptional({ description: 'On creation, default true.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** PATCH: any of the fields, each validated as on creation. */
export class UpdateBonusDto extends PartialType(BonusDto) {}
