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

  @ApiProperty({ type: ExpiringPointsView, nullable: true, description: "The soonest expiry of the customer's points and how many expire then; null when none expire." })
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
