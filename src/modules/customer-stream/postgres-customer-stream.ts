import { Injectable } from '@nestjs/common';
import sql, { raw, Sql as Statement } from 'sql-template-tag';
import { OrganizationContext } from '../../common/http/current-organization.decorator';
import { batchedRead, inInputOrder } from '../../database/batched-read';
import { Database, Sql } from '../../database/database';
import { appendStatement } from '../../event-store/append-statement';
import { chainEvents } from '../../event-store/event-chain';
import { StreamHead, StreamRef } from '../../event-store/event.types';
import { confirmKey } from '../api-keys/key-confirmation';
import { IdempotencyConflictError } from '../idempotency/idempotency.errors';
import { CUSTOMER_STREAM, ProposedEvent, REDEMPTION_REVERSED, REWARD_REDEEMED } from './customer-events';
import { CustomerState, evolve, UNREGISTERED } from './customer-state';
import { CustomerNotFoundError, EmailTakenError } from './customer-stream.errors';
import { soonestExpiry } from './lots';
import { ChangeResult, CurrentCustomer, CustomerChange, CustomerKey, CustomerStream, NewCustomer, RefClaim, WriteCaller } from './customer-stream.port';

/** Optimistic tries before queueing on the customer's lock: a second try covers a race, not a crowd. */
const OPTIMISTIC_ATTEMPTS = 2;
/** Locked, a conflict is near impossible; a few tries cover the rest. */
const LOCKED_ATTEMPTS = 3;

/** The write found the customer moved, the ref taken or a stock gone since the read: nothing was written. */
class RaceLost extends Error {}

/** The projection's columns that `evolve` owns, with the stream head: what a decision starts from. */
const CUSTOMER_COLUMNS = raw(`c.id, c.loyalty_code, c.name, c.email, c.birthday, c.points_balance, c.lifetime_points, c.lots, c.version AS customer_version,
  s.version AS stream_version, s.last_hash, o.settings_version::text AS settings_version`);
const CUSTOMER_TABLES = raw(`customer_accounts c
  JOIN event_streams s ON s.organization_id = c.organization_id AND s.stream_id = c.id
  JOIN organizations o ON o.id = c.organization_id`);

/** Whether the caller's key (null: not a POS caller) is still active, as an SQL condition. */
const keyIsActive = (keyId: string | null) =>
  sql`(${keyId}::uuid IS NULL OR EXISTS (SELECT 1 FROM api_keys k WHERE k.id = ${keyId}::uuid AND k.revoked_at IS NULL))`;

/** The customers' column a key searches, and the type of an array of its values (codes are char(8), the column's type, so the index is used). */
const LOOKUP = {
  loyalty_code: { column: raw('loyalty_code'), array: raw('bpchar[]') },
  email: { column: raw('email'), array: raw('text[]') },
  id: { column: raw('id'), array: raw('uuid[]') },
};

interface OptimisticRead {
  caller: WriteCaller;
  customer: CustomerKey;
  ref: string | null;
}

/** A row of the reads: the key's state, an earlier request with the ref, the customer (null columns when none). */
interface ReadRow {
  key_active: boolean;
  earlier_fingerprint: string | null;
  earlier_customer_id: string | null;
  earlier_result: unknown;
  id: string | null;
  [column: string]: unknown;
}

/**
 * The customer stream on PostgreSQL: all of its SQL is in this file.
 *
 * A change is tried optimistically first (docs/architecture.md, "The write path"): one read, shared
 * with the other changes that arrive in the same turn of the event loop, then one write statement
 * that moves the stream head only from the version read, locks the customer row first (the lock
 * order of every writer), checks the caller's key, and with the append writes the projection,
 * stores the outcome and counts a reward's stock. When the customer moved, nothing is written and
 * the change is read and decided again; after two lost races it takes the locked path (BEGIN,
 * claim the ref and lock the customer, decide, the same write, COMMIT), where writers queue on the
 * row instead of retrying.
 */
@Injectable()
export class PostgresCustomerStream extends CustomerStream {
  private readonly readOne: Record<CustomerKey['by'], (read: OptimisticRead) => Promise<ReadRow>>;

  constructor(private readonly database: Database) {
    super();
    this.readOne = {
      loyalty_code: batchedRead((reads) => this.readMany('loyalty_code', reads)),
      email: batchedRead((reads) => this.readMany('email', reads)),
      id: batchedRead((reads) => this.readMany('id', reads)),
    };
  }

  async change<S, O>(change: CustomerChange<S, O>): Promise<ChangeResult<O>> {
    for (let attempt = 1; attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
      try {
        return await this.changeOptimistically(change);
      } catch (error) {
        if (!(error instanceof RaceLost)) throw error;
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.database.transaction((tx) => this.changeLocked(tx, change));
      } catch (error) {
        if (!(error instanceof RaceLost) || attempt >= LOCKED_ATTEMPTS) throw error;
      }
    }
  }

  async start(customer: NewCustomer): Promise<CustomerState | null> {
    const { caller, customerId } = customer;
    const events = customer.decide();
    const next = events.reduce(evolve, UNREGISTERED);
    const projection = sql`INSERT INTO customer_accounts (organization_id, id, loyalty_code, name, email, birthday, points_balance, lifetime_points, lots, next_expiry, version)
      SELECT ${caller.organizationId}::uuid, ${customerId}::uuid, ${next.loyaltyCode}, ${next.name}, ${next.email}, ${next.birthday}::date,
        ${next.pointsBalance}, ${next.lifetimePoints}, ${lotsColumn(next)}::jsonb, ${nextExpiry(next)}::timestamptz, ${next.version}
      WHERE ${keyIsActive(caller.apiKey?.apiKeyId ?? null)}
      ON CONFLICT DO NOTHING RETURNING 1`;
    const stream = streamOf(caller, customerId);
    const appended = await this.append(this.database, stream, { version: 0, lastHash: null }, events, caller, { guard: projection });
    if (appended) {
      if (caller.apiKey) caller.apiKey.keyConfirmed = true;
      return next;
    }
    // Taken, or the key was revoked meanwhile: only the first is the caller's to handle.
    await this.confirmKeyNow(caller);
    return null;
  }

  /** One read (without a transaction), the decision, one write statement. RaceLost when the write found things moved. */
  private async changeOptimistically<S, O>(change: CustomerChange<S, O>): Promise<ChangeResult<O>> {
    const { caller, claim } = change;
    const row = await this.readOne[change.customer.by]({ caller, customer: change.customer, ref: claim?.ref ?? null });
    this.confirm(caller.apiKey, row.key_active);
    if (row.earlier_fingerprint !== null) return this.retryOf(this.database, caller, claim!, row);
    if (row.id === null) throw new CustomerNotFoundError();
    const current = toCurrentCustomer(row);
    return this.decideAndWrite(this.database, change, current, toHead(row), { claim, mode: 'insert' });
  }

  /** BEGIN, claim the ref and lock the customer (one statement), the decision, the same write, COMMIT. */
  private async changeLocked<S, O>(tx: Sql, change: CustomerChange<S, O>): Promise<ChangeResult<O>> {
    const { caller, claim } = change;
    const row = await this.claimAndLock(tx, caller, change.customer, claim);
    this.confirm(caller.apiKey, row.key_active);
    if (claim && row.claimed === 0) return this.retryOf(tx, caller, claim, await this.earlierRequest(tx, caller.organizationId, claim.ref));
    if (row.id === null) throw new CustomerNotFoundError();
    return this.decideAndWrite(tx, change, toCurrentCustomer(row), toHead(row), { claim, mode: 'complete' });
  }

  private async decideAndWrite<S, O>(
    on: Sql,
    change: CustomerChange<S, O>,
    current: CurrentCustomer,
    head: StreamHead,
    outcomeAs: { claim: RefClaim | null; mode: 'insert' | 'complete' },
  ): Promise<ChangeResult<O>> {
    const { caller } = change;
    const settings = await change.settings(on, current);
    const { events, outcome } = change.decide(current, settings);
    if (!events.length) return this.unchanged(on, caller, current, outcome, outcomeAs.claim);
    const next = events.reduce(evolve, current.state);
    const alongside: Record<string, Statement> = { projection: projectionUpdate(caller.organizationId, current.customerId, next) };
    if (outcomeAs.claim) alongside.outcome = storeOutcome(caller.organizationId, current.customerId, outcomeAs.claim, outcome, outcomeAs.mode);
    const stock = stockChanges(events);
    if (stock.length) alongside.stock = countStock(caller.organizationId, stock);
    const guard = lockCustomerAsRead(caller, current);
    try {
      if (!(await this.append(on, streamOf(caller, current.customerId), head, events, caller, { guard, alongside }))) throw new RaceLost();
    } catch (error) {
      if (isRefTaken(error) || isOversold(error)) throw new RaceLost();
      if (isEmailTaken(error)) throw new EmailTakenError();
      throw error;
    }
    return { customerId: current.customerId, customer: next, outcome, duplicate: false };
  }

  /**
   * A decision that records nothing (a correction to the values the customer already has) writes
   * nothing. An external_ref is claimed by recording an event, so such a decision cannot carry one.
   */
  private async unchanged<O>(on: Sql, caller: WriteCaller, current: CurrentCustomer, outcome: O, claim: RefClaim | null): Promise<ChangeResult<O>> {
    if (claim) throw new Error('a decision that records no event cannot claim an external_ref');
    // What the decision found may have been written after the customer was read (a reversal raced
    // against itself): answer with the customer as now.
    return { customerId: current.customerId, customer: await this.customerNow(on, caller.organizationId, current.customerId), outcome, duplicate: false };
  }

  /** Appends with everything that goes with it; false when the head did not move (nothing was written). */
  private async append(
    on: Sql,
    stream: StreamRef,
    head: StreamHead,
    events: readonly ProposedEvent[],
    caller: WriteCaller,
    parts: Parameters<typeof appendStatement>[3],
  ): Promise<boolean> {
    const chained = chainEvents(
      stream,
      head,
      events.map((e) => ({ ...e, data: { ...e.data }, metadata: { request_id: caller.requestId } })),
    );
    const statement = appendStatement(stream, head, chained, parts);
    const { rows } = await on.query(statement.text, statement.values);
    return rows.length === chained.length;
  }

  /** The optimistic reads of changes that arrive together, one statement (database/batched-read.ts). */
  private async readMany(by: CustomerKey['by'], reads: readonly OptimisticRead[]): Promise<ReadRow[]> {
    const { column, array } = LOOKUP[by];
    const statement = sql`
      SELECT q.i::int AS i,
        (q.key_id IS NULL OR EXISTS (SELECT 1 FROM api_keys k WHERE k.id = q.key_id AND k.revoked_at IS NULL)) AS key_active,
        e.fingerprint AS earlier_fingerprint, e.customer_id AS earlier_customer_id, e.result AS earlier_result, ctx.*
      FROM unnest(${reads.map((r) => r.caller.organizationId)}::uuid[], ${reads.map((r) => r.customer.value)}::${array},
        ${reads.map((r) => r.ref)}::text[], ${reads.map((r) => r.caller.apiKey?.apiKeyId ?? null)}::uuid[])
        WITH ORDINALITY AS q(organization_id, value, ref, key_id, i)
      LEFT JOIN idempotency_keys e ON e.organization_id = q.organization_id AND e.external_ref = q.ref
      LEFT JOIN LATERAL (SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_TABLES}
        WHERE c.organization_id = q.organization_id AND c.${column} = q.value) AS ctx ON true`;
    const { rows } = await this.database.query(statement.text, statement.values);
    return inInputOrder(rows, reads.length);
  }

  /**
   * Claims the ref (nothing when there is none), then locks the customer and its stream row: after
   * waiting for a lock PostgreSQL re-reads only the locked rows, so the stream row is locked too, or
   * its version could be stale. `claimed` is 0 when the ref was taken.
   */
  private async claimAndLock(tx: Sql, caller: WriteCaller, customer: CustomerKey, claim: RefClaim | null) {
    const org = caller.organizationId;
    const statement = sql`
      WITH claim AS (
        INSERT INTO idempotency_keys (organization_id, external_ref, fingerprint)
        SELECT ${org}::uuid, ${claim?.ref ?? null}::text, ${claim?.fingerprint ?? null} WHERE ${claim?.ref ?? null}::text IS NOT NULL
        ON CONFLICT DO NOTHING RETURNING 1)
      SELECT (SELECT count(*) FROM claim)::int AS claimed, ${keyIsActive(caller.apiKey?.apiKeyId ?? null)} AS key_active, ctx.*
      FROM (SELECT 1) AS one LEFT JOIN LATERAL (
        SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_TABLES}
        WHERE c.organization_id = ${org} AND c.${LOOKUP[customer.by].column} = ${customer.value}
        FOR UPDATE OF c, s) AS ctx ON true`;
    const { rows } = await tx.query(statement.text, statement.values);
    return rows[0] as ReadRow & { claimed: number };
  }

  private async earlierRequest(tx: Sql, organizationId: string, ref: string): Promise<ReadRow> {
    const statement = sql`SELECT fingerprint AS earlier_fingerprint, customer_id AS earlier_customer_id, result AS earlier_result
      FROM idempotency_keys WHERE organization_id = ${organizationId} AND external_ref = ${ref}`;
    const { rows } = await tx.query(statement.text, statement.values);
    return rows[0];
  }

  /** The earlier request's outcome when it was this same request (with the customer as now), else 409. */
  private async retryOf<O>(
    on: Sql,
    caller: WriteCaller,
    claim: RefClaim,
    earlier: Pick<ReadRow, 'earlier_fingerprint' | 'earlier_customer_id' | 'earlier_result'>,
  ): Promise<ChangeResult<O>> {
    if (earlier.earlier_fingerprint !== claim.fingerprint) throw new IdempotencyConflictError();
    const customerId = earlier.earlier_customer_id!;
    return { customerId, customer: await this.customerNow(on, caller.organizationId, customerId), outcome: earlier.earlier_result as O, duplicate: true };
  }

  private async customerNow(on: Sql, organizationId: string, customerId: string): Promise<CustomerState> {
    const statement = sql`SELECT c.loyalty_code, c.name, c.email, c.birthday, c.points_balance, c.lifetime_points, c.lots, c.version AS customer_version
      FROM customer_accounts c WHERE c.organization_id = ${organizationId} AND c.id = ${customerId}`;
    const { rows } = await on.query(statement.text, statement.values);
    return toState(rows[0]);
  }

  private confirm(apiKey: OrganizationContext | null, keyActive: boolean): void {
    if (apiKey) confirmKey(apiKey, keyActive);
  }

  private async confirmKeyNow(caller: WriteCaller): Promise<void> {
    if (!caller.apiKey) return;
    const statement = sql`SELECT ${keyIsActive(caller.apiKey.apiKeyId)} AS key_active`;
    const { rows } = await this.database.query(statement.text, statement.values);
    this.confirm(caller.apiKey, rows[0].key_active);
  }
}

function streamOf(caller: WriteCaller, customerId: string): StreamRef {
  return { organizationId: caller.organizationId, streamId: customerId, streamType: CUSTOMER_STREAM };
}

/**
 * The write's guard: the customer's row locked before the stream row (every writer's order, so an
 * optimistic write and a locked one cannot deadlock), still as the decision read it (a rebuild may
 * have corrected it since, under the same stream head), and the caller's key still active, in the
 * statement that writes: a key revoked since the read writes nothing.
 */
function lockCustomerAsRead(caller: WriteCaller, current: CurrentCustomer): Statement {
  const { state } = current;
  return sql`SELECT 1 FROM customer_accounts
    WHERE organization_id = ${caller.organizationId} AND id = ${current.customerId} AND version = ${state.version}
      AND points_balance = ${state.pointsBalance} AND lifetime_points = ${state.lifetimePoints} AND lots = ${lotsColumn(state)}::jsonb
      AND ${keyIsActive(caller.apiKey?.apiKeyId ?? null)}
    FOR UPDATE`;
}

/** The projection row is the state `evolve` returned: written whole, never moved by a second formula. */
function projectionUpdate(organizationId: string, customerId: string, next: CustomerState): Statement {
  return sql`UPDATE customer_accounts SET name = ${next.name}, email = ${next.email}, birthday = ${next.birthday}::date,
      points_balance = ${next.pointsBalance}, lifetime_points = ${next.lifetimePoints}, lots = ${lotsColumn(next)}::jsonb,
      next_expiry = ${nextExpiry(next)}::timestamptz, version = ${next.version}, updated_at = now()
    WHERE organization_id = ${organizationId} AND id = ${customerId} AND EXISTS (SELECT 1 FROM head)`;
}

/**
 * What retries of the request will be answered with. Optimistically the ref is inserted here (no
 * ON CONFLICT: a request that took it since the read fails the whole statement, isRefTaken); on
 * the locked path it was claimed first and is completed here.
 */
function storeOutcome(organizationId: string, customerId: string, claim: RefClaim, outcome: unknown, mode: 'insert' | 'complete'): Statement {
  const result = JSON.stringify(outcome);
  return mode === 'insert'
    ? sql`INSERT INTO idempotency_keys (organization_id, external_ref, fingerprint, customer_id, result)
        SELECT ${organizationId}::uuid, ${claim.ref}, ${claim.fingerprint}, ${customerId}::uuid, ${result}::jsonb WHERE EXISTS (SELECT 1 FROM head)`
    : sql`UPDATE idempotency_keys SET customer_id = ${customerId}, result = ${result}::jsonb
        WHERE organization_id = ${organizationId} AND external_ref = ${claim.ref} AND EXISTS (SELECT 1 FROM head)`;
}

/** How the events move rewards' redeemed counts (kept only for rewards with a stock): a reversal gives the item back. */
function stockChanges(events: readonly ProposedEvent[]): { id: string; delta: number }[] {
  return events.flatMap((e) => {
    if (e.type === REWARD_REDEEMED) return [{ id: e.data.reward_id, delta: 1 }];
    if (e.type === REDEMPTION_REVERSED) return [{ id: e.data.reward_id, delta: -1 }];
    return [];
  });
}

/** The database refuses a count above the stock (a CHECK): a redemption that raced for the last one writes nothing. */
function countStock(organizationId: string, changes: { id: string; delta: number }[]): Statement {
  return sql`UPDATE rewards r SET redeemed_count = r.redeemed_count + d.delta
    FROM json_to_recordset(${JSON.stringify(changes)}::json) AS d(id uuid, delta int)
    WHERE r.organization_id = ${organizationId} AND r.id = d.id AND r.stock IS NOT NULL AND EXISTS (SELECT 1 FROM head)`;
}

/** A request that took the ref since the read: the ref's primary key failed the statement. */
function isRefTaken(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505' && (error as { constraint?: string })?.constraint === 'idempotency_keys_pkey';
}

/** A redemption that found the stock gone since the read: the rewards' CHECK failed the statement. */
function isOversold(error: unknown): boolean {
  return (error as { code?: string })?.code === '23514' && (error as { table?: string })?.table === 'rewards';
}

/** A correction to an email another customer has: the unique index on (organization, email) failed the statement. */
function isEmailTaken(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505' && (error as { constraint?: string })?.constraint === 'customer_accounts_organization_id_email_key';
}

function toHead(row: ReadRow): StreamHead {
  return { version: row.stream_version as number, lastHash: row.last_hash as string | null };
}

function toCurrentCustomer(row: ReadRow): CurrentCustomer {
  return { customerId: row.id!, state: toState(row), settingsVersion: row.settings_version as string };
}

function toState(row: any): CustomerState {
  return {
    loyaltyCode: row.loyalty_code,
    name: row.name,
    email: row.email,
    birthday: row.birthday,
    pointsBalance: Number(row.points_balance),
    lifetimePoints: Number(row.lifetime_points),
    lots: row.lots ?? [],
    version: row.customer_version,
  };
}

/** The projection's lots: the state's, as they are. */
function lotsColumn(state: CustomerState): string {
  return JSON.stringify(state.lots ?? []);
}

/** The soonest expiry among the lots, which the expiry job's index finds customers by; null when none expires. */
function nextExpiry(state: CustomerState): string | null {
  return soonestExpiry(state.lots ?? [])?.at ?? null;
}
