import { ApiProperty } from '@nestjs/swagger';

/** The customer in the answer to a write (transactions, orders, redemptions): the seed page's short form. */
export class CustomerSummaryView {
  @ApiProperty({ example: 'F55EA00D', description: '8 characters of 0-9A-F.' })
  loyalty_code!: string;

  @ApiProperty({ example: 'Sophie' })
  name!: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 1265, description: 'The balance after this request.' })
  points_balance!: number;
}

/** The next tier up, and how far it is. */
export class NextTierView {
  @ApiProperty({ example: 'Platinum' })
  name!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 700, description: 'Lifetime points still to earn to reach it.' })
  points_needed!: number;
}

/** Points that expire soonest. */
export class ExpiringPointsView {
  @ApiProperty({ type: 'integer', minimum: 1, example: 120 })
  points!: number;

  @ApiProperty({ format: 'date-time', example: '2027-12-09T23:00:00.000Z', description: 'The end of the local day they expire at.' })
  at!: string;
}

/** The customer of a lookup. */
export class CustomerDetailsView {
  @ApiProperty({ example: 'F55EA00D' })
  loyalty_code!: string;

  @ApiProperty({ example: 'Sophie' })
  name!: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 1265 })
  points_balance!: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 4300, description: 'Every point ever awarded; redemptions do not lower it. Decides the tier.' })
  lifetime_points!: number;

  @ApiProperty({ type: String, nullable: true, example: 'Gold', description: "The tier's name, or null." })
  tier!: string | null;

  @ApiProperty({
    type: NextTierView,
    nullable: true,
    description: 'The next tier up from lifetime points; null at the top tier (or when the organization has no tiers).',
  })
  next_tier!: NextTierView | null;

  @ApiProperty({
    type: ExpiringPointsView,
    nullable: true,
    description: "The soonest expiry of the customer's points and how many expire then; null when none expire.",
  })
  expiring!: ExpiringPointsView | null;
}

export class CustomerResponse {
  @ApiProperty({ type: CustomerDetailsView })
  customer!: CustomerDetailsView;
}

export class RegisteredCustomerView {
  @ApiProperty({ example: 'A1B2C3D4', description: 'New, random.' })
  loyalty_code!: string;

  @ApiProperty({ example: 'Sophie' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'sophie@example.com' })
  email!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, example: 0 })
  points_balance!: number;
}

export class RegisterCustomerResponse {
  @ApiProperty({ type: RegisteredCustomerView })
  customer!: RegisteredCustomerView;

  @ApiProperty({ example: false, description: 'true: the organization already had a customer with this email, returned unchanged.' })
  existing!: boolean;
}

/** The customer after a correction: the fields a correction can change, with the balance. */
export class CorrectedCustomerView {
  @ApiProperty({ example: 'F55EA00D' })
  loyalty_code!: string;

  @ApiProperty({ example: 'Sophie Martin' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'sophie.martin@example.com' })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date', example: '1990-05-01' })
  birthday!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, example: 1265 })
  points_balance!: number;
}

export class UpdateCustomerResponse {
  @ApiProperty({ type: CorrectedCustomerView })
  customer!: CorrectedCustomerView;

  @ApiProperty({
    type: [String],
    enum: ['name', 'email', 'birthday'],
    example: ['email'],
    description: 'The fields whose value changed, recorded in one `customer.updated` event; empty when nothing differed (nothing recorded).',
  })
  changed!: Array<'name' | 'email' | 'birthday'>;
}
