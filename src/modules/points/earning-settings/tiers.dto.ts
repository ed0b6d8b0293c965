import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { IsMultiplier } from '../../../common/validation/setting-validators';
import { DECIMAL_SCHEMA } from '../../../common/openapi/schemas';

/** POST creates with every field; PATCH validates the same class with fields optional. */
export class TierDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Gold' })
  @IsString()
  @Length(1, 100)
  name!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 1000,
    description: 'Customers with at least this many lifetime points are in the tier.',
  })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  min_lifetime_points!: number;
  @ApiProperty({ ...DECIMAL_SCHEMA, example: 1.25, description: 'Multiplies base points of customers in the tier.' })
  @IsMultiplier()
  multiplier!: number | string;
}

/** PATCH: any of the fields, each validated as on creation. */
export class UpdateTierDto extends PartialType(TierDto) {}
