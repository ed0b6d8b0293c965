import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { EMAIL_WITHOUT_INVISIBLES } from '../../../common/validation/text';
import { isValidIsoDate } from '../../points/policy';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** No living customer was born before it (and PostgreSQL has no year 0000 to store). */
export const EARLIEST_BIRTHDAY = '1900-01-01';

/** A real calendar date, from EARLIEST_BIRTHDAY to today (UTC). */
@ValidatorConstraint({ name: 'pastDate' })
export class PastDate implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return isValidIsoDate(value) && value >= EARLIEST_BIRTHDAY && value <= new Date().toISOString().slice(0, 10);
  }
  defaultMessage() {
    return `birthday must be a real date (YYYY-MM-DD) from ${EARLIEST_BIRTHDAY} to today`;
  }
}

export class RegisterCustomerDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Sophie', description: 'Trimmed; no control or invisible formatting characters.' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({
    maxLength: 254,
    format: 'email',
    example: 'sophie@example.com',
    description:
      'Stored trimmed and lower-cased; no invisible characters (zero-width, direction marks). A known email returns that customer unchanged (200, `existing: true`).',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  // A zero-width or direction character would make a second customer whose email looks like the first's.
  @Matches(EMAIL_WITHOUT_INVISIBLES, { message: 'email must not contain invisible characters (zero-width, joiners, direction marks)' })
  email?: string;

  @ApiPropertyOptional({ format: 'date', example: '1990-05-01', description: 'YYYY-MM-DD, a real date from 1900-01-01 to today (UTC).' })
  @IsOptional()
  @IsString()
  @Validate(PastDate)
  birthday?: string;
}
