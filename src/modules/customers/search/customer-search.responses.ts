import { ApiProperty } from '@nestjs/swagger';

export class FoundCustomerView {
  @ApiProperty({ example: 'F55EA00D' })
  loyalty_code!: string;

  @ApiProperty({ example: 'Sophie Martin' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'sophie@example.com' })
  email!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, example: 1265 })
  points_balance!: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 4300 })
  lifetime_points!: number;

  @ApiProperty({ type: String, nullable: true, example: 'Gold' })
  tier!: string | null;
}

export class CustomerSearchResponse {
  @ApiProperty({ type: [FoundCustomerView], description: 'In loyalty code order.' })
  customers!: FoundCustomerView[];

  @ApiProperty({ type: String, nullable: true, example: 'F55EA00D', description: 'Pass as `after` for the next page; null on the last page.' })
  next_after!: string | null;
}
