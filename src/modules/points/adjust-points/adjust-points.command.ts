import { Command } from '@nestjs/cqrs';
import { AdjustmentActor, AdjustmentReason } from '../../customer-stream/customer-events';
import { AdjustmentOutcome } from './decide-adjustment';

export interface AdjustPointsResult {
  customer: { loyaltyCode: string; name: string; pointsBalance: number; lifetimePoints: number };
  adjustment: AdjustmentOutcome;
  duplicate: boolean;
}

export class AdjustPointsCommand extends Command<AdjustPointsResult> {
  constructor(
    readonly organizationId: string,
    /** Already normalized. */
    readonly loyaltyCode: string,
    readonly points: number,
    readonly reason: AdjustmentReason,
    /** Trimmed; null when empty or absent. */
    readonly note: string | null,
    readonly externalRef: string | null,
    readonly actor: AdjustmentActor,
    readonly requestId: string,
  ) {
    super();
  }
}
