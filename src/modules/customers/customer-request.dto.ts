import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { NO_CONTROL_CHARACTERS } from '../../common/validation/text';
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
  @Matches(NO_CONTROL_CHARACTERS, { message: 'external_ref must not contain control characters' })
  external_ref?: string;
}
