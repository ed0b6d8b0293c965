import { Command } from '@nestjs/cqrs';
import { OrganizationContext } from '../../../common/http/current-organization.decorator';
import { LineItem } from '../policy';

export type CustomerIdentifier = { type: 'loyalty_code' | 'email'; value: string };

export interface AwardPointsResult {
  customer: { loyaltyCode: string; name: string; pointsBalance: number };
  pointsAdded: number;
  basePoints: number;
  productPoints: number;
  rulesApplied: string[];
  bonusApplied: string | null;
  /** True when this external_ref was already recorded: nothing was recorded again. */
  duplicate: boolean;
}

/** A purchase earns points: a plain amount (transactions) or an order with line items. */
export class AwardPointsCommand extends Command<AwardPointsResult> {
  readonly organizationId: string;

  constructor(
    /** The calling key: the award is scoped to its organization, and confirms the key is active. */
    readonly caller: OrganizationContext,
    readonly source: 'transaction' | 'order',
    readonly identifier: CustomerIdentifier,
    /** The total used for base points; for orders defaults to the sum of the line items. */
    readonly amountCents: number,
    readonly lineItems: LineItem[] | null,
    readonly externalRef: string | null,
    /** The sale time as the POS gave it (undefined: now). */
    readonly occurredAt: Date | undefined,
    readonly requestId: string,
  ) {
    super();
    this.organizationId = caller.organizationId;
  }
}
