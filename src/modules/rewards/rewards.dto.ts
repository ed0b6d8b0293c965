import { PartialType } from '@nestjs/mapped-types';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsISO8601, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IdentifierDto } from '../customers/identifier.dto';

const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;

export class RedemptionDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => IdentifierDto)
  identifier!: IdentifierDto;

  @IsString()
  @Length(1, 100)
  reward_id!: string;

  @IsOptional()
  @IsString()
  @Length(1, 255)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'external_ref must not contain control characters' })
  external_ref?: string;
}

export class RewardDto {
  @IsString() @Length(1, 100) name!: string;
  @IsOptional() @IsString() @MaxLength(1000) description?: string | null;
  @IsInt() @Min(1) @Max(1_000_000_000) points_cost!: number;
  /** An emoji or a short icon name. */
  @IsOptional() @IsString() @MaxLength(32) icon?: string | null;
  /** The name of a tier of the organization; customers below it get tier_locked. */
  @IsOptional() @IsString() @Length(1, 100) min_tier?: string | null;
  /** How many can be redeemed in all; absent or null: unlimited. */
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) stock?: number | null;
  @IsOptional() @IsISO8601({ strict: true }) available_from?: string | null;
  @IsOptional() @IsISO8601({ strict: true }) available_until?: string | null;
  @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateRewardDto extends PartialType(RewardDto) {}
