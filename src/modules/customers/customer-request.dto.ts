import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IdentifierDto } from './identifier.dto';

/** What every POS write about a customer carries: who, and the reference that makes retries safe. */
export class CustomerRequestDto {
  @ApiProperty({ type: IdentifierDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => IdentifierDto)
  identifier!: IdentifierDto;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 255,
    example: 'order-12345',
    description: 'Makes retries safe: unique per organization across transactions, orders and redemptions. Always send it.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  external_ref?: string;
}
