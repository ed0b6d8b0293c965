import { ApiProperty } from '@nestjs/swagger';

export class ActivityItemView {
  @ApiProperty({ format: 'uuid', description: 'The event id (for a redemption, its redemption_id).' })
  id!: string;

  @ApiProperty({ enum: ['earn', 'redeem', 'refund', 'redemption_reversal', 'adjustment', 'expiry'], example: 'earn' })
  type!: string;

  @ApiProperty({ type: 'integer', example: 50, description: 'Signed: what this did to the balance (negative for a redemption).' })
  points!: number;

  @ApiProperty({ type: 'integer', example: 1265, description: 'The balance right after this event, as recorded then.' })
  balance_after!: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T14:30:00.000Z', description: 'When it happened (for a purchase, the sale time).' })
  occurred_at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T14:30:00.012Z', description: 'When the service recorded it.' })
  recorded_at!: string;

  @ApiProperty({ type: String, nullable: true, example: 'order-12345', description: "The event's own external_ref, or null." })
  external_ref!: string | null;

  @ApiProperty({ example: 'Happy hour ×2', description: "A short human text: the bonus and rules of a purchase, the reward's name, the adjustment's reason." })
  description!: string;
}

export class ActivityResponse {
  @ApiProperty({ type: [ActivityItemView], description: 'Newest first.' })
  activity!: ActivityItemView[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'MjMxLnE0bGZ2QjNnQ2lGOXh1UWU',
    description: 'Pass as `before` for the next (older) page; null on the last page. Opaque, and good only for this customer.',
  })
  next_before!: string | null;
}
