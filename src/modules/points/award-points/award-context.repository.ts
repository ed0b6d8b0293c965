import { Injectable } from '@nestjs/common';
import { batchedRead, inInputOrder } from '../../../database/batched-read';
import { Database, Sql } from '../../../database/database';
import { LockPiece, SqlPiece } from '../../../database/sql-params';
import { OrganizationContext } from '../../../common/http/current-organization.decorator';
import { keyActiveColumn } from '../../api-keys/key-confirmation';
import { CustomerLookup, lookupColumn } from '../../customers/customer-lookup';
import {
  claimAndLockCustomerSql,
  CUSTOMER_WITH_STREAM,
  LOCKED_CUSTOMER_COLUMNS,
  LockedCustomer,
  TIERS_JSON,
  toLockedCustomer,
  toTiers,
} from '../../customers/locked-customer';
import { EarlierRequest, toEarlierRequest } from '../../idempotency/idempotency.repository';
import { parseDecimal4 } from '../policy';
import { PolicyInputs, PolicyInputsCache } from './policy-inputs-cache';

/** Everything an award is decided on, read in one round trip with the customer locked. */
export interface AwardContext extends LockedCustomer, PolicyInputs {}

/**
 * The policy's inputs of the customer's (`c`) organization (`o`), each column null unless
 * `when` (an SQL condition) holds: the earn rate, the time zone, and as JSON the tiers, the active
 * bonuses and the earn rules; and always the settings version they are read at.
 */
const policyInputs = (when: string) => ({
  joins: 'JOIN organizations o ON o.id = c.organization_id',
  columns: `o.settings_version::text AS settings_version,
    CASE WHEN ${when} THEN o.earn_rate::text END AS earn_rate,
    CASE WHEN ${when} THEN o.timezone END AS timezone,
    CASE WHEN ${when} THEN ${TIERS_JSON} END AS tiers,
    CASE WHEN ${when} THEN (SELECT coalesce(json_agg(json_build_object('name', b.name, 'multiplier', b.multiplier::text,
            'days', b.days_of_week, 'start', b.start_time, 'end', b.end_time, 'from', b.starts_on, 'until', b.ends_on)
            ORDER BY b.created_at, b.id), '[]') FROM bonuses b WHERE b.organization_id = c.organization_id AND b.active) END AS bonuses,
    CASE WHEN ${when} THEN (SELECT coalesce(json_agg(json_build_object('name', r.name, 'type', r.type, 'match', r.match,
            'quantity', r.quantity, 'points', r.points) ORDER BY r.position), '[]')
            FROM earn_rules r WHERE r.organization_id = c.organization_id) END AS rules`,
});

/** The locked path reads the inputs every time: it runs only when a customer is contended. */
const CLAIM_AND_LOAD_SQL = {
  loyalty_code: claimAndLockCustomerSql('loyalty_code', policyInputs('true')),
  email: claimAndLockCustomerSql('email', policyInputs('true')),
};

/**
 * The optimistic path's read for many awards at once (no transaction, no lock), element by
 * element of its arrays: $1 organizations, $2 codes or emails, $3 external_refs (null for none),
 * $4 the callers' key ids, $5 the settings version this process holds for the organization (null
 * for none). One row per award, `i` its place: whether the caller's key is active (`key_active`),
 * what an earlier request with the same external_ref recorded (`earlier_*`, null when the ref is
 * new), and the customer with its stream head and the organization's settings version, with the
 * policy's inputs when that version is not the one held (all null when there is no such
 * customer). The write that follows moves the stream head only from the version read here, so
 * what was read cannot have changed under it.
 */
function readManySql(by: CustomerLookup['by']): string {
  const { column, arrayType } = lookupColumn(by);
  const policy = policyInputs('o.settings_version IS DISTINCT FROM q.known_version');
  return `
  SELECT q.i::int AS i, ${keyActiveColumn('q.key_id')}, e.fingerprint AS earlier_fingerprint,
    e.customer_id AS earlier_customer_id, e.result AS earlier_result, ctx.*
  FROM unnest($1::uuid[], $2::${arrayType}, $3::text[], $4::uuid[], $5::bigint[]) WITH ORDINALITY AS q(organization_id, value, ref, key_id, known_version, i)
  LEFT JOIN idempotency_keys e ON e.organization_id = q.organization_id AND e.external_ref = q.ref
  LEFT JOIN LATERAL (
    SELECT ${LOCKED_CUSTOMER_COLUMNS}, ${policy.columns}
    ${CUSTOMER_WITH_STREAM}
    ${policy.joins}
    WHERE c.organization_id = q.organization_id AND c.${column} = q.value) AS ctx ON true`;
}

const READ_MANY_SQL = { loyalty_code: readManySql('loyalty_code'), email: readManySql('email') };

/** One award's optimistic read, as the batched statement takes it. */
interface AwardReadInput {
  caller: OrganizationContext;
  lookup: CustomerLookup;
  ref: string | null;
  knownVersion: string | null;
}

/** What the optimistic read found: the caller's key state, an earlier request's outcome, the customer. */
export interface AwardRead {
  keyActive: boolean;
  earlier: EarlierRequest | null;
  context: AwardContext | null;
}

@Injectable()
export class AwardContextRepository {
  /** The optimistic reads of the awards that arrive together share one statement (database/batched-read.ts). */
  private readonly readOne: Record<CustomerLookup['by'], (input: AwardReadInput) => Promise<any>>;
  private readonly policyInputs = new PolicyInputsCache();

  constructor(private readonly database: Database) {
    this.readOne = {
      loyalty_code: batchedRead((inputs) => this.readMany('loyalty_code', inputs)),
      email: batchedRead((inputs) => this.readMany('email', inputs)),
    };
  }

  /**
   * Claims the ref (if any), locks the customer (so concurrent awards to one customer queue up)
   * and reads what the policy needs, in one round trip.
   */
  async claimAndLoad(
    tx: Sql,
    organizationId: string,
    lookup: CustomerLookup,
    claim: { ref: string; fingerprint: string } | null,
  ): Promise<{ claimed: boolean; context: AwardContext | null }> {
    const { rows } = await tx.query(CLAIM_AND_LOAD_SQL[lookup.by], [organizationId, lookup.value, claim?.ref ?? null, claim?.fingerprint ?? null]);
    const r = rows[0];
    return { claimed: r.claimed === 1, context: r.id ? { ...toLockedCustomer(r), ...this.inputsOf(organizationId, r)! } : null };
  }

  /**
   * The optimistic path's read, without a transaction: the caller's key, an earlier request with
   * this external_ref, and the customer with what the policy needs (the organization's settings
   * from this process's cache when the statement finds them unchanged).
   */
  async read(caller: OrganizationContext, lookup: CustomerLookup, ref: string | null): Promise<AwardRead> {
    const organizationId = caller.organizationId;
    let r = await this.readOne[lookup.by]({ caller, lookup, ref, knownVersion: this.policyInputs.knownVersion(organizationId) });
    let inputs = r.id ? this.inputsOf(organizationId, r) : undefined;
    if (r.id && !inputs) {
      // The settings held were replaced between giving the statement their version and reading its answer.
      r = await this.readOne[lookup.by]({ caller, lookup, ref, knownVersion: null });
      inputs = r.id ? this.inputsOf(organizationId, r) : undefined;
    }
    return { keyActive: r.key_active, earlier: toEarlierRequest(r), context: r.id ? { ...toLockedCustomer(r), ...inputs! } : null };
  }

  private async readMany(by: CustomerLookup['by'], inputs: readonly AwardReadInput[]): Promise<any[]> {
    const { rows } = await this.database.query(READ_MANY_SQL[by], [
      inputs.map((x) => x.caller.organizationId),
      inputs.map((x) => x.lookup.value),
      inputs.map((x) => x.ref),
      inputs.map((x) => x.caller.apiKeyId),
      inputs.map((x) => x.knownVersion),
    ]);
    return inInputOrder(rows, inputs.length);
  }

  /** The row's policy inputs: sent with it (and kept for the next awards), or held at the row's settings version. */
  private inputsOf(organizationId: string, r: any): PolicyInputs | undefined {
    if (r.tiers === null) return this.policyInputs.at(organizationId, r.settings_version);
    const inputs = toPolicyInputs(r);
    this.policyInputs.remember(organizationId, r.settings_version, inputs);
    return inputs;
  }

  /**
   * The optimistic write's first lock: the customer's row, before the append touches the stream
   * row. Every writer of a customer takes them in this order (claimAndLockCustomerSql locks the
   * customer, then the stream), so an optimistic award and a locked one cannot deadlock.
   */
  lockCustomer(organizationId: string, customerId: string): LockPiece {
    return (p) => `SELECT 1 FROM customer_accounts WHERE organization_id = ${p.add(organizationId)} AND id = ${p.add(customerId)} FOR UPDATE`;
  }

  /** Moves the projection with the append (same statement): +points to balance and lifetime. */
  applyAward(organizationId: string, customerId: string, points: number, version: number): SqlPiece {
    return (p, onlyIf) => `UPDATE customer_accounts
      SET points_balance = points_balance + ${p.add(points)}, lifetime_points = lifetime_points + ${p.add(points)},
          version = ${p.add(version)}, updated_at = now()
      WHERE organization_id = ${p.add(organizationId)} AND id = ${p.add(customerId)} AND ${onlyIf}`;
  }
}

function toPolicyInputs(r: any): PolicyInputs {
  return {
    earnRate: parseDecimal4(r.earn_rate),
    timeZone: r.timezone,
    tiers: toTiers(r.tiers),
    bonuses: r.bonuses.map((b: any) => ({
      name: b.name,
      multiplier: parseDecimal4(b.multiplier),
      daysOfWeek: b.days,
      startTime: b.start,
      endTime: b.end,
      startsOn: b.from,
      endsOn: b.until,
      active: true,
    })),
    rules: r.rules.map((x: any) => ({ name: x.name, type: x.type, match: x.match, quantity: x.quantity, points: x.points })),
  };
}
