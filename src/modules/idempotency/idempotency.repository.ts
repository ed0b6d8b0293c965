import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/database';
import { SqlPiece } from '../../database/sql-params';
import { IdempotencyConflictError } from './idempotency.errors';

/** What an earlier request with the same external_ref recorded. */
export interface RecordedOutcome<R> {
  customerId: string;
  result: R;
}

/**
 * External references, unique per organization across transactions, orders and redemptions.
 * A handler claims the reference first in its transaction (in the claim-and-lock statement of
 * customers/locked-customer.ts): the primary key makes concurrent claimants wait for the first to
 * finish, then see its outcome here (or claim it, if it rolled back, so a rejected request never
 * uses a reference up).
 */
@Injectable()
export class IdempotencyRepository {
  /**
   * After a claim that found the ref taken: the earlier identical request's outcome, or
   * IdempotencyConflictError when the earlier request was a different one.
   */
  async earlierOutcome<R>(tx: Sql, organizationId: string, ref: string, fingerprint: string): Promise<RecordedOutcome<R>> {
    const { rows } = await tx.query('SELECT fingerprint, customer_id, result FROM idempotency_keys WHERE organization_id = $1 AND external_ref = $2', [organizationId, ref]);
    if (rows[0].fingerprint !== fingerprint) throw new IdempotencyConflictError();
    return { customerId: rows[0].customer_id, result: rows[0].result };
  }

  /** Stores the outcome that retries will be answered with, in the same statement as the change itself. */
  complete(organizationId: string, ref: string, outcome: RecordedOutcome<unknown>): SqlPiece {
    return (p, onlyIf) => `UPDATE idempotency_keys SET customer_id = ${p.add(outcome.customerId)}, result = ${p.add(JSON.stringify(outcome.result))}
      WHERE organization_id = ${p.add(organizationId)} AND external_ref = ${p.add(ref)} AND ${onlyIf}`;
  }
}
