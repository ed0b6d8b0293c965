import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { InvalidRequestError } from '../../../common/errors/api-error';
import { parseInstant } from '../../../common/validation/instant';
import { IsInstant, nullAsAbsent } from '../../../common/validation/setting-validators';
import { CustomerRequestDto } from '../../customers/customer-request.dto';

/** An upper bound no real sale reaches (10 million in currency units), so arithmetic stays exact. */
export const MAX_AMOUNT_CENTS = 1_000_000_000;

/** The fields every purchase has, whichever endpoint records it. */
export class PurchaseDto extends CustomerRequestDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-24T18:30:00+01:00',
    nullable: true,
    description: 'When the sale happened, with a time zone: a real date-time, at most 30 days old and 5 minutes ahead. Absent or null: now.',
  })
  @Transform(nullAsAbsent)
  @IsOptional()
  @IsString()
  @IsInstant()
  occurred_at?: string;
}

export class TransactionDto extends PurchaseDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_AMOUNT_CENTS, example: 2500, description: 'The sale total in cents.' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_CENTS)
  amount_cents!: number;
}

export class LineItemDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Cappuccino', description: 'Matched against product earn rules case-insensitively.' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    example: 'drinks',
    description: 'Matched against category earn rules case-insensitively.',
  })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  category?: string | null;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10_000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_AMOUNT_CENTS, example: 350 })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS)
  unit_price_cents!: number;
}

export class OrderDto extends PurchaseDto {
  @ApiProperty({ type: [LineItemDto], minItems: 1, maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  // ValidateNested alone lets an array through as an item (it validates the inner array's elements).
  @IsObject({ each: true, message: 'each line item must be an object' })
  @ValidateNested({ each: true })
  @Type(() => LineItemDto)
  line_items!: LineItemDto[];

  /** The order total (e.g. after discounts); default: the sum of the line items. */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_AMOUNT_CENTS,
    description: 'The total actually paid, e.g. after discounts. Default: the sum of quantity × unit price.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS)
  amount_cents?: number;
}

/** Parses a validated occurred_at (IsInstant has refused impossible calendar values such as Feb 30); 400 if it still cannot. */
export function parseOccurredAt(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = parseInstant(text);
  if (!at) throw new InvalidRequestError('occurred_at is not a real date-time', [{ field: 'occurred_at', message: 'not a real date-time' }]);
  return at;
}
