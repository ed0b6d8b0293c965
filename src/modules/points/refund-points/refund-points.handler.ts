import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../common/clock/clock';
import { CustomerStream } from '../../customer-stream/customer-stream.port';
import { requestFingerprint } from '../../idempotency/request-fingerprint';
import { saleTimeOrInvalid } from '../sale-time';
import { decideRefund, RefundOutcome } from './decide-refund';
import { RefundPointsCommand, RefundPointsResult } from './refund-points.command';
import { SaleHistoryReader } from './sale-history.reader';

/**
 * Refunds a sale: find its customer, load them, read the sale as recorded with its earlier refunds,
 * decide, append `points.refunded`. Refunds of one sale are changes of one customer's stream, so
 * concurrent ones are decided one after the other: they can never take back more than the sale gave.
 */
@CommandHandler(RefundPointsCommand)
export class RefundPointsHandler implements ICommandHandler<RefundPointsCommand, RefundPointsResult> {
  constructor(
    private readonly stream: CustomerStream,
    private readonly sales: SaleHistoryReader,
    private readonly clock: Clock,
  ) {}

  async execute(command: RefundPointsCommand): Promise<RefundPointsResult> {
    const { organizationId, saleExternalRef, externalRef } = command;
    const request = {
      refundId: randomUUID(),
      saleExternalRef,
      externalRef,
      reason: command.reason,
      amountCents: command.amountCents,
      items: command.items,
      occurredAt: saleTimeOrInvalid(command.occurredAt, this.clock.now()),
    };
    const customerId = await this.sales.customerOf(organizationId, saleExternalRef);
    const result = await this.stream.change({
      caller: { organizationId, apiKey: command.caller, requestId: command.requestId },
      customer: { by: 'id', value: customerId },
      claim: externalRef ? { ref: externalRef, fingerprint: requestFingerprint(this.fingerprintOf(command)) } : null,
      settings: (on, customer) => this.sales.history(on, organizationId, customer.customerId, saleExternalRef),
      decide: (customer, history) => decideRefund(request, customer.state, history),
    });
    const outcome: RefundOutcome = result.outcome;
    const c = result.customer;
    return { ...outcome, customer: { loyaltyCode: c.loyaltyCode!, name: c.name!, pointsBalance: c.pointsBalance }, duplicate: result.duplicate };
  }

  private fingerprintOf(command: RefundPointsCommand) {
    return {
      source: 'refund',
      sale_external_ref: command.saleExternalRef,
      amount_cents: command.amountCents ?? null,
      line_items: command.items ?? null,
      reason: command.reason,
      occurred_at: command.occurredAt?.toISOString() ?? null,
    };
  }
}
