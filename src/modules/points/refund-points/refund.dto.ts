import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsInstant, nullAsAbsent } from '../../../common/validation/setting-validators';
import { MAX_AMOUNT_CENTS } from '../award-points/purchase.dto';

export class ReturnedItemDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 200,
    example: 'Cappuccino',
    description: "Matched to the order's items by name, case-insensitively, as earn rules match.",
  })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10_000, example: 1 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;
}

/** POST /api/v1/refunds: goods returned, or a sale voided (no amount and no items: all that is left). */
export class RefundDto {
  @ApiProperty({ minLength: 1, maxLength: 255, example: 'order-12345', description: 'The `external_ref` of the transaction or order refunded.' })
  @IsString()
  @Length(1, 255)
  sale_external_ref!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_AMOUNT_CENTS,
    example: 700,
    description: "Cents refunded. Default: the returned items' price when `line_items` are given, else all that is left of the sale (a void).",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_CENTS)
  amount_cents?: number;

  @ApiPropertyOptional({ type: [ReturnedItemDto], minItems: 1, maxItems: 500, description: 'Orders only: the items returned.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsObject({ each: true, message: 'each line item must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ReturnedItemDto)
  line_items?: ReturnedItemDto[];

  @ApiPropertyOptional({ maxLength: 200, example: 'Damaged', description: 'Why, in a few words: recorded in the ledger.' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  reason?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 255, example: 'return-555', description: "The refund's own reference: retries with it never refund twice." })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  external_ref?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    description: 'When the refund happened, as for awards: at most 30 days old, 5 minutes ahead. Absent or null: now.',
  })
  @Transform(nullAsAbsent)
  @IsOptional()
  @IsString()
  @IsInstant()
  occurred_at?: string;
}
