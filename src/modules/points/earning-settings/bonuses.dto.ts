import { PartialType } from '@nestjs/mapped-types';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length } from 'class-validator';
import { IsCalendarDate, IsClockTime, IsMultiplier } from '../../../common/validation/setting-validators';

export class BonusDto {
  @IsString() @Length(1, 100) name!: string;
  @IsMultiplier() multiplier!: number | string;
  /** 0 = Sunday … 6 = Saturday; absent or empty: every day. */
  @IsOptional() @IsArray() @ArrayMaxSize(7) @IsInt({ each: true }) @IsIn([0, 1, 2, 3, 4, 5, 6], { each: true }) days_of_week?: number[] | null;
  /** Local time in the organization's zone; an end at or before the start crosses midnight. */
  @IsOptional() @IsClockTime() start_time?: string | null;
  @IsOptional() @IsClockTime() end_time?: string | null;
  @IsOptional() @IsCalendarDate() starts_on?: string | null;
  @IsOptional() @IsCalendarDate() ends_on?: string | null;
  @IsOptional() @IsBoolean() active?: boolean;
}

/** PATCH: any of the fields, each validated as on creation. */
export class UpdateBonusDto extends PartialType(BonusDto) {}
