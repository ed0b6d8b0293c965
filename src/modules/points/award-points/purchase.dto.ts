import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { NO_CONTROL_CHARACTERS } from '../../../common/validation/text';
import { CustomerRequestDto } from '../../customers/customer-request.dto';

/** An upper bound no real sale reaches (10 million in currency units), so arithmetic stays exact. */
export const MAX_AMOUNT_CENTS = 1_000_000_000;
/** ISO 8601 with a date, a time and an explicit offset: a sale time without a zone would be ambiguous. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The fields every purchase has, whichever endpoint records it. */
export class PurchaseDto extends CustomerRequestDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-24T18:30:00+01:00',
    description: 'When the sale happened, with a time zone: at most 30 days old and 5 minutes ahead. Default: now.',
  })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: 'occurred_at must be an ISO 8601 date-time with a time zone, e.g. 2026-11-25T14:30:00Z' })
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
  @Matches(NO_CONTROL_CHARACTERS, { message: 'name must not contain control characters' })
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'drinks', description: 'Matched against category earn rules case-insensitively.' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'category must not contain control characters' })
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

/** Parses a validated occurred_at; an impossible calendar value (Feb 30) is a 400 like any bad field. */
export function parseOccurredAt(text: string | undefined): Date | undefined | 'invalid' {
  if (text === undefined) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? 'invalid' : at;
}
