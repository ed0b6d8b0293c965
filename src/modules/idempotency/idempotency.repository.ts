import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/database';
import { SqlPiece } from '../../database/sql-params';
import { IdempotencyConflictError } from './idempotency.errors';

/** What an earlier request with the same external_ref recorded. */
export interface RecordedOutcome<R> {
  customerId: string;
  result: R;
}

/** An earlier request's row for an external_ref, as the optimistic read returns it. */
export interface EarlierRequest {
  fingerprint: string;
  outcome: RecordedOutcome<any>;
}

/** Reads the `earlier_*` columns of the award's optimistic read (award-context.repository.ts); null when the ref is new. */
export function toEarlierRequest(row: { earlier_fingerprint: string | null; earlier_customer_id: string | null; earlier_result: unknown }): EarlierRequest | null {
  if (row.earlier_fingerprint === null) return null;
  return { fingerprint: row.earlier_fingerprint, outcome: { customerId: row.earlier_customer_id!, result: row.earlier_result } };
}

/** The earlier request's outcome when it was this same request; IdempotencyConflictError when it was another. */
export function replayOf<R>(earlier: EarlierRequest, fingerprint: string): RecordedOutcome<R> {
  if (earlier.fingerprint !== fingerprint) throw new IdempotencyConflictError();
  return earlier.outcome;
}

/** The error PostgreSQL raises when a claim finds its external_ref taken (the table's primary key). */
export function isRefTaken(error: unknown): boolean {
  return (error as any)?.code === '23505' && (error as any)?.constraint === 'idempotency_keys_pkey';
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
    return replayOf({ fingerprint: rows[0].fingerprint, outcome: { customerId: rows[0].customer_id, result: rows[0].result } }, fingerprint);
  }

  /**
   * The optimistic path's claim: the ref, its fingerprint and the outcome in one row, inserted in
   * the statement of the change itself. No ON CONFLICT: when another request took the ref since
   * the read, the primary key fails the whole statement (isRefTaken), so the change is not made
   * either, and the handler reads again to answer as that request's retry or a 409.
   */
  claimWithOutcome(organizationId: string, ref: string, fingerprint: string, outcome: RecordedOutcome<unknown>): SqlPiece {
    return (p, onlyIf) => `INSERT INTO idempotency_keys (organization_id, external_ref, fingerprint, customer_id, result)
      SELECT ${p.add(organizationId)}, ${p.add(ref)}, ${p.add(fingerprint)}, ${p.add(outcome.customerId)}, ${p.add(JSON.stringify(outcome.result))}::jsonb
      WHERE ${onlyIf}`;
  }

  /** Stores the outcome that retries will be answered with, in the same statement as the change itself. */
  complete(organizationId: string, ref: string, outcome: RecordedOutcome<unknown>): SqlPiece {
    return (p, onlyIf) => `UPDATE idempotency_keys SET customer_id = ${p.add(outcome.customerId)}, result = ${p.add(JSON.stringify(outcome.result))}
      WHERE organization_id = ${p.add(organizationId)} AND external_ref = ${p.add(ref)} AND ${onlyIf}`;
  }
}
