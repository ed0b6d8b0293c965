import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { REFUND_POLICIES, RefundPolicy } from './organization';
import { DECIMAL_SCHEMA } from '../../common/openapi/schemas';
import { IsMultiplier, IsTimeZone } from '../../common/validation/setting-validators';

const NOT_BLANK = /\S/;

const NAME = { minLength: 1, maxLength: 200, example: 'Le Petit Café' };
const EARN_RATE = { ...DECIMAL_SCHEMA, example: 1.5, description: 'Points per currency unit.' };
const REFUND_POLICY = {
  enum: REFUND_POLICIES,
  example: 'floor_at_zero',
  description:
    'What a refund does when the points it takes back were already spent: stop the balance at 0 (the shortfall is recorded as unrecovered_points) or let it go negative.',
};
const EXPIRE_AFTER_DAYS = {
  type: 'integer',
  minimum: 1,
  maximum: 3650,
  nullable: true,
  example: 365,
  description: "Days after the sale's local day at whose end its points expire; null: points never expire. A change applies to later awards only.",
} as const;
const TIMEZONE = { type: String, example: 'Europe/Paris', description: 'IANA time zone, for bonus windows.' };

/**
 * The settings an organization is created with or changed to. An absent field is the default (on
 * creation) or unchanged (on a change); a null one is refused, but for points_expire_after_days,
 * where null means never.
 */
class OrganizationSettingsDto {
  @ApiPropertyOptional({ ...EARN_RATE, description: 'Points per currency unit; default 1.' })
  @ValidateIf((o) => o.earn_rate !== undefined)
  @IsMultiplier()
  earn_rate?: number | string;

  @ApiPropertyOptional({ ...TIMEZONE, description: 'IANA time zone, for bonus windows; default UTC.' })
  @ValidateIf((o) => o.timezone !== undefined)
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ ...REFUND_POLICY, description: `${REFUND_POLICY.description} Default floor_at_zero.` })
  @ValidateIf((o) => o.refund_policy !== undefined)
  @IsIn(REFUND_POLICIES)
  refund_policy?: RefundPolicy;

  @ApiPropertyOptional(EXPIRE_AFTER_DAYS)
  @ValidateIf((o) => o.points_expire_after_days !== undefined && o.points_expire_after_days !== null)
  @IsInt()
  @Min(1)
  @Max(3650)
  points_expire_after_days?: number | null;
}

export class CreateOrganizationDto extends OrganizationSettingsDto {
  @ApiProperty(NAME)
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;
}

/** Any of the fields; an absent field is unchanged. */
export class UpdateOrganizationDto extends OrganizationSettingsDto {
  @ApiPropertyOptional(NAME)
  @ValidateIf((o) => o.name !== undefined)
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;
}
