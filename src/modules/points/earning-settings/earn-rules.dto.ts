import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class EarnRuleDto {
  /** The label shown in `rules_applied`. */
  @ApiProperty({ minLength: 1, maxLength: 100, example: '2 cappuccinos = 15 pts', description: 'The label shown in `rules_applied`.' })
  @IsString()
  @Length(1, 100)
  name!: string;
  @ApiProperty({ enum: ['product', 'category', 'bulk'], example: 'product' })
  @IsIn(['product', 'category', 'bulk'])
  type!: 'product' | 'category' | 'bulk';
  /** A product name, or for `category` a category, matched case-insensitively after trimming. */
  @ApiProperty({
    minLength: 1,
    maxLength: 200,
    example: 'Cappuccino',
    description: 'A product name, or for `category` a category, matched case-insensitively after trimming.',
  })
  @IsString()
  @Length(1, 200)
  match!: string;
  /** N: points per N matching items (default 1; `bulk` needs at least 2). */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 10_000,
    example: 2,
    description: 'N: `points` per N matching items (on creation, default 1; `bulk` needs at least 2).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity?: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 15 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  points!: number;
}

/** PATCH: any of the fields, each validated as on creation. */
export class UpdateEarnRuleDto extends PartialType(EarnRuleDto) {}
