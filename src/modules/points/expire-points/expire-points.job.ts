import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import sql from 'sql-template-tag';
import { Database } from '../../../database/database';
import { CustomerStream } from '../../customer-stream/customer-stream.port';
import { CustomerNotFoundError } from '../../customer-stream/customer-stream.errors';
import { decideExpiry } from './decide-expiry';

export interface ExpiryRun {
  /** Customers found due and looked at. */
  customers: number;
  /** Lots expired (points.expired events appended) by this run. */
  lots: number;
  points: number;
}

/** Customers read per batch: what the run holds in memory at once. */
const BATCH_SIZE = 500;

/**
 * The expiry job: finds customers whose soonest expiry (`customer_accounts.next_expiry`, partial
 * index) has passed, a batch at a time in keyset order, and expires each through the customer
 * stream like any other change: its own short transaction, the stream's expected version deciding
 * between writers. So any number of instances may run it at once: the one that loses the race reads
 * the customer again and finds nothing due (exactly one points.expired per lot), and a process
 * killed in the middle has appended whole changes only (the next run does the rest).
 */
@Injectable()
export class ExpirePointsJob {
  constructor(
    private readonly database: Database,
    private readonly stream: CustomerStream,
  ) {}

  async runOnce(options: { organizationId?: string; now?: Date; batchSize?: number } = {}): Promise<ExpiryRun> {
    const now = options.now ?? new Date();
    const batchSize = options.batchSize ?? BATCH_SIZE;
    const run: ExpiryRun = { customers: 0, lots: 0, points: 0 };
    let after: DueCustomer | null = null;
    for (;;) {
      const batch = await this.dueCustomers(now, after, batchSize, options.organizationId ?? null);
      for (const customer of batch) await this.expire(customer, now, run);
      if (batch.length < batchSize) return run;
      after = batch[batch.length - 1];
    }
  }

  /** The next batch of due customers after `after`, in (next_expiry, organization, id) order. */
  private async dueCustomers(now: Date, after: DueCustomer | null, limit: number, organizationId: string | null): Promise<DueCustomer[]> {
    const statement = sql`SELECT organization_id, id, next_expiry FROM customer_accounts
      WHERE next_expiry <= ${now}
        AND (${organizationId}::uuid IS NULL OR organization_id = ${organizationId}::uuid)
        AND (${after === null}::boolean OR (next_expiry, organization_id, id) > (${after?.next_expiry ?? null}::timestamptz, ${after?.organization_id ?? null}::uuid, ${after?.id ?? null}::uuid))
      ORDER BY next_expiry, organization_id, id LIMIT ${limit}`;
    const { rows } = await this.database.query(statement.text, statement.values);
    return rows;
  }

  private async expire(customer: DueCustomer, now: Date, run: ExpiryRun): Promise<void> {
    run.customers++;
    try {
      const result = await this.stream.change({
        caller: { organizationId: customer.organization_id, apiKey: null, requestId: `expiry-${randomUUID()}` },
        customer: { by: 'id', value: customer.id },
        claim: null,
        settings: async () => null,
        decide: (current) => {
          const events = decideExpiry(current.state, now);
          return { events, outcome: { lots: events.length, points: events.reduce((sum, e) => sum + (e.data as { points: number }).points, 0) } };
        },
      });
      run.lots += result.outcome.lots;
      run.points += result.outcome.points;
    } catch (error) {
      // Erased or gone since the read: nothing to expire.
      if (!(error instanceof CustomerNotFoundError)) throw error;
    }
  }
}

interface DueCustomer {
  organization_id: string;
  id: string;
  next_expiry: Date;
}
