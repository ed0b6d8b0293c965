import { PartialType } from '@nestjs/mapped-types';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class EarnRuleDto {
  /** The label shown in `rules_applied`. */
  @IsString() @Length(1, 100) name!: string;
  @IsIn(['product', 'category', 'bulk']) type!: 'product' | 'category' | 'bulk';
  /** A product name, or for `category` a category, matched case-insensitively after trimming. */
  @IsString() @Length(1, 200) match!: string;
  /** N: points per N matching items (default 1; `bulk` needs at least 2). */
  @IsOptional() @IsInt() @Min(1) @Max(10_000) quantity?: number;
  @IsInt() @Min(1) @Max(1_000_000) points!: number;
}

/** PATCH: any of the fields, each validated as on creation. */
export class UpdateEarnRuleDto extends PartialType(EarnRuleDto) {}
