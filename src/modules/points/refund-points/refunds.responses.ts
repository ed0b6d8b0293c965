import { ApiProperty } from '@nestjs/swagger';
import { CustomerSummaryView } from '../../customers/customers.responses';

export class RefundedSaleView {
  @ApiProperty({ example: 'order-12345' })
  external_ref!: string;

  @ApiProperty({ type: 'integer', example: 2500, description: "The sale's amount." })
  amount_cents!: number;

  @ApiProperty({ type: 'integer', example: 700, description: 'Cents refunded so far, this refund included.' })
  refunded_cents!: number;

  @ApiProperty({ type: 'integer', example: 25, description: 'Points the sale awarded.' })
  points_added!: number;

  @ApiProperty({ type: 'integer', example: 7, description: 'Points taken back from the sale so far, this refund included.' })
  points_removed!: number;
}

export class RefundResponse {
  @ApiProperty({ type: CustomerSummaryView })
  customer!: CustomerSummaryView;

  @ApiProperty({ format: 'uuid', description: "The refund's id: its event in the ledger." })
  refund_id!: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 7, description: "What the sale's arithmetic takes back (0 for a few cents off a large sale)." })
  points_removed!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 0,
    description: 'Of points_removed, what the balance could not give back (refund_policy floor_at_zero).',
  })
  unrecovered_points!: number;

  @ApiProperty({ type: RefundedSaleView })
  sale!: RefundedSaleView;

  @ApiProperty({ example: false, description: 'true: a retry of a recorded external_ref; nothing was recorded again.' })
  duplicate!: boolean;
}
