import { ApiProperty } from '@nestjs/swagger';
import { CustomerSummaryView } from '../../customers/customers.responses';

export class TransactionResponse {
  @ApiProperty({ type: CustomerSummaryView })
  customer!: CustomerSummaryView;

  @ApiProperty({ type: 'integer', minimum: 1, example: 25, description: 'For a retry, the points of the original award.' })
  points_added!: number;

  @ApiProperty({ example: false, description: 'true: a retry of a recorded external_ref; nothing was recorded again.' })
  duplicate!: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'Happy hour', description: 'The name of the bonus that applied, or null.' })
  bonus_applied!: string | null;
}

export class OrderResponse {
  @ApiProperty({ type: CustomerSummaryView })
  customer!: CustomerSummaryView;

  @ApiProperty({ type: 'integer', minimum: 1, example: 26, description: '`base_points` + `product_points`.' })
  points_added!: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 11, description: 'From the order total, with bonus and tier.' })
  base_points!: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 15, description: 'From product earn rules; not multiplied.' })
  product_points!: number;

  @ApiProperty({ type: [String], example: ['2 cappuccinos = 15 pts'], description: 'The rules that gave points, in the order they were created.' })
  rules_applied!: string[];

  @ApiProperty({ example: false })
  duplicate!: boolean;

  @ApiProperty({ type: String, nullable: true, example: null })
  bonus_applied!: string | null;
}
