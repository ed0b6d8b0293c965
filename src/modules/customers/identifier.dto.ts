import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';

/** How a POS names a customer: by loyalty code or by email. */
export class IdentifierDto {
  @ApiProperty({ enum: ['loyalty_code', 'email'], example: 'loyalty_code' })
  @IsIn(['loyalty_code', 'email'], { message: 'type must be loyalty_code or email' })
  type!: 'loyalty_code' | 'email';

  @ApiProperty({
    minLength: 1,
    maxLength: 254,
    example: 'F55EA00D',
    description: 'A loyalty code (8 characters of 0-9A-F, any case) or an email (trimmed, any case).',
  })
  @IsString()
  @Length(1, 254)
  value!: string;
}
