import { ApiProperty } from '@nestjs/swagger';
import { CUSTOMER_EVENT_TYPES } from '../../customer-stream/customer-events';

/** One event of the feed (docs/ledger.md specifies every field and the hash). */
export class LedgerEventView {
  @ApiProperty({ type: 'integer', minimum: 1, example: 42, description: 'The gap-free ledger position in the organization: 1, 2, 3, …' })
  position!: number;

  @ApiProperty({ enum: CUSTOMER_EVENT_TYPES, example: 'points.awarded' })
  type!: string;

  @ApiProperty({ type: String, nullable: true, example: 'F55EA00D', description: "The customer's loyalty code." })
  customer!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What happened; the layout depends on `type` (docs/ledger.md).' })
  data!: unknown;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T14:30:00.000Z', description: 'When it happened in the world (for an award, the sale time).' })
  occurred_at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T14:30:00.012Z', description: 'When the database recorded it.' })
  recorded_at!: string;

  @ApiProperty({ description: 'SHA-256 (hex) of this event chained to the previous one of its stream.' })
  hash!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The previous event’s hash in the stream; null for the first.' })
  prev_hash!: string | null;

  @ApiProperty({ format: 'uuid' })
  organization_id!: string;

  @ApiProperty({ format: 'uuid', description: "The customer's internal id." })
  stream_id!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 3 })
  stream_version!: number;

  @ApiProperty({ format: 'uuid', description: 'Unique in the organization; for a redemption, the redemption_id.' })
  event_id!: string;

  @ApiProperty({ type: 'integer', example: 1 })
  schema_version!: number;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { request_id: '3c1f…' }, description: 'The request that caused it: `request_id`.' })
  metadata!: unknown;
}

export class LedgerPageResponse {
  @ApiProperty({ type: [LedgerEventView], description: 'In ledger order.' })
  events!: LedgerEventView[];

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 42,
    description: 'Pass it back as `after` for the next page (the last position returned, or `after` when none was).',
  })
  next_after!: number;
}
