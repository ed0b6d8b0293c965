import { ApiProperty } from '@nestjs/swagger';
import { ADJUSTMENT_REASONS } from '../../customer-stream/customer-events';

export class AdjustedCustomerView {
  @ApiProperty({ example: 'F55EA00D' })
  loyalty_code!: string;

  @ApiProperty({ example: 'Sophie' })
  name!: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 1315, description: 'The balance after the adjustment (for a retry: now).' })
  points_balance!: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 4350 })
  lifetime_points!: number;
}

export class AdjustmentView {
  @ApiProperty({ format: 'uuid', description: "The adjustment's id: its event's id in the ledger." })
  id!: string;

  @ApiProperty({ type: 'integer', example: 50 })
  points!: number;

  @ApiProperty({ enum: ADJUSTMENT_REASONS, example: 'goodwill' })
  reason!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Coffee was cold' })
  note!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ticket-4711' })
  external_ref!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T14:30:00.000Z' })
  created_at!: string;
}

export class AdjustmentResponse {
  @ApiProperty({ type: AdjustedCustomerView })
  customer!: AdjustedCustomerView;

  @ApiProperty({ type: AdjustmentView })
  adjustment!: AdjustmentView;

  @ApiProperty({ example: false, description: 'true: a retry of a recorded `external_ref`; nothing was recorded again.' })
  duplicate!: boolean;
}
