import { PartialType } from '@nestjs/mapped-types';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { IsMultiplier } from '../../../common/validation/setting-validators';

/** POST creates with every field; PATCH validates the same class with fields optional. */
export class TierDto {
  @IsString() @Length(1, 100) name!: string;
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) min_lifetime_points!: number;
  @IsMultiplier() multiplier!: number | string;
}

/** PATCH: any of the fields, each validated as on creation. */
export class UpdateTierDto extends PartialType(TierDto) {}
