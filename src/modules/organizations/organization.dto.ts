import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsMultiplier, IsTimeZone } from '../../common/validation/setting-validators';

const NOT_BLANK = /\S/;

export class CreateOrganizationDto {
  @IsString() @Length(1, 200) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  /** Points per currency unit; default 1. */
  @ValidateIf((o) => o.earn_rate !== undefined) @IsMultiplier()
  earn_rate?: number | string;

  /** IANA zone for bonus windows; default UTC. */
  @ValidateIf((o) => o.timezone !== undefined) @IsTimeZone()
  timezone?: string;
}

/** Any of the fields; an absent field is unchanged, a null one is refused (these fields cannot be empty). */
export class UpdateOrganizationDto {
  @ValidateIf((o) => o.name !== undefined) @IsString() @Length(1, 200) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ValidateIf((o) => o.earn_rate !== undefined) @IsMultiplier()
  earn_rate?: number | string;

  @ValidateIf((o) => o.timezone !== undefined) @IsTimeZone()
  timezone?: string;
}
