import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { NO_CONTROL_CHARACTERS } from '../../../common/validation/text';
import { isValidIsoDate } from '../../points/policy';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A real calendar date, not after today (UTC). */
@ValidatorConstraint({ name: 'pastDate' })
class PastDate implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return isValidIsoDate(value) && value <= new Date().toISOString().slice(0, 10);
  }
  defaultMessage() {
    return 'birthday must be a real date (YYYY-MM-DD), not in the future';
  }
}

export class RegisterCustomerDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Sophie', description: 'Trimmed; no control characters.' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  // Control characters (NUL among them) have no place in a name and cannot be stored in JSON events.
  @Matches(NO_CONTROL_CHARACTERS, { message: 'name must not contain control characters' })
  name!: string;

  @ApiPropertyOptional({
    maxLength: 254,
    format: 'email',
    example: 'sophie@example.com',
    description: 'Stored trimmed and lower-cased. A known email returns that customer unchanged (200, `existing: true`).',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email?: string;

  @ApiPropertyOptional({ format: 'date', example: '1990-05-01', description: 'YYYY-MM-DD, a real date, not after today (UTC).' })
  @IsOptional()
  @IsString()
  @Validate(PastDate)
  birthday?: string;
}
