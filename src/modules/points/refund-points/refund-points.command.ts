import { Command } from '@nestjs/cqrs';
import { OrganizationContext } from '../../../common/http/current-organization.decorator';
import { RefundOutcome } from './decide-refund';

export interface RefundPointsResult extends RefundOutcome {
  customer: { loyaltyCode: string; name: string; pointsBalance: number };
  duplicate: boolean;
}

/** Goods came back (or a sale was voided): take back the points the sale no longer earns. */
export class RefundPointsCommand extends Command<RefundPointsResult> {
  readonly organizationId: string;

  constructor(
    readonly caller: OrganizationContext,
    readonly saleExternalRef: string,
    readonly amountCents: number | undefined,
    readonly items: { name: string; quantity: number }[] | undefined,
    readonly reason: string | null,
    readonly externalRef: string | null,
    /** As the POS gave it (undefined: now). */
    readonly occurredAt: Date | undefined,
    readonly requestId: string,
  ) {
    super();
    this.organizationId = caller.organizationId;
  }
}
