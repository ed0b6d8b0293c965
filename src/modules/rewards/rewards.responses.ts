import { ApiProperty } from '@nestjs/swagger';
import { CustomerSummaryView } from '../customers/customers.responses';

/** A reward as the POS sees it. */
export class CatalogueEntryView {
  @ApiProperty({ format: 'uuid', example: '638e1370-2441-4941-a6d3-6b5b676e8a70' })
  id!: string;

  @ApiProperty({ example: 'Free coffee' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  description!: string | null;

  @ApiProperty({ type: 'integer', minimum: 1, example: 50 })
  points_cost!: number;

  @ApiProperty({ type: String, nullable: true, example: '☕' })
  icon!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The lowest tier allowed to redeem it, or null.' })
  min_tier!: string | null;
}

export class CatalogueResponse {
  @ApiProperty({ type: [CatalogueEntryView], description: 'Active and inside their availability window now, cheapest first (then by name).' })
  rewards!: CatalogueEntryView[];
}

export class RedemptionResponse {
  @ApiProperty({ type: CustomerSummaryView, example: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1215 } })
  customer!: CustomerSummaryView;

  @ApiProperty({ format: 'uuid', example: '638e1370-2441-4941-a6d3-6b5b676e8a70' })
  reward_id!: string;

  @ApiProperty({ format: 'uuid', example: 'e7ce55af-c9f1-4853-9426-bfb91cff4242', description: 'For a retry, the original redemption.' })
  redemption_id!: string;

  @ApiProperty({ example: false, description: 'true: a retry of a recorded external_ref; nothing was redeemed again.' })
  duplicate!: boolean;
}

/** A reward as the admin API shows it: everything the dashboard configures. */
export class RewardView extends CatalogueEntryView {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: null,
    description: 'How many can be redeemed in all, from the start (redemptions before it was set included); null: unlimited.',
  })
  stock!: number | null;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 0,
    description:
      'Redemptions counted against `stock`: read from the ledger whenever `stock` is set, then counted with each redemption. Not kept up to date while `stock` is null.',
  })
  redeemed_count!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  available_from!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  available_until!: string | null;

  @ApiProperty({ example: true })
  active!: boolean;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T14:30:00.000Z' })
  created_at!: string;
}

export class RewardResponse {
  @ApiProperty({ type: RewardView })
  reward!: RewardView;
}

export class RewardListResponse {
  @ApiProperty({ type: [RewardView], description: 'Cheapest first, then by name.' })
  rewards!: RewardView[];
}

export class ReversalResponse {
  @ApiProperty({ type: CustomerSummaryView, example: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1265 } })
  customer!: CustomerSummaryView;

  @ApiProperty({ type: 'integer', minimum: 1, example: 50, description: "The redemption's points, back on the balance." })
  points_restored!: number;

  @ApiProperty({ example: false, description: 'true: the redemption was reversed already; nothing was recorded again.' })
  duplicate!: boolean;
}
