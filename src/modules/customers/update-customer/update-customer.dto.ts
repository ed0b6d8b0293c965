import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength, Validate, ValidateIf } from 'class-validator';
import { EMAIL_WITHOUT_INVISIBLES } from '../../../common/validation/text';
import { PastDate, trim } from '../register-customer/register-customer.dto';

/**
 * A correction: any of the registration's fields, with the registration's rules. A name can be
 * corrected but not removed; an email or a birthday can be removed with null.
 */
export class UpdateCustomerDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    example: 'Sophie Martin',
    description: 'Trimmed; no control or invisible formatting characters. Cannot be null.',
  })
  @Transform(trim)
  // Present means validated, null included: a customer always has a name.
  @ValidateIf((o: UpdateCustomerDto) => o.name !== undefined)
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 254,
    format: 'email',
    example: 'sophie.martin@example.com',
    description: 'Stored trimmed and lower-cased. null removes the email. Another customer of the organization with this email: 409 `email_taken`.',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @Matches(EMAIL_WITHOUT_INVISIBLES, { message: 'email must not contain invisible characters (zero-width, joiners, direction marks)' })
  email?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date',
    example: '1990-05-01',
    description: 'YYYY-MM-DD, a real date from 1900-01-01 to today (UTC). null removes it.',
  })
  @IsOptional()
  @IsString()
  @Validate(PastDate)
  birthday?: string | null;
}
