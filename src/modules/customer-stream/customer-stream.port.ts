import type { Sql } from '../../database/database';
import type { OrganizationContext } from '../../common/http/current-organization.decorator';
import type { ProposedEvent } from './customer-events';
import type { CustomerState } from './customer-state';

/**
 * The write side's one port: every change to a customer's points or registration goes through it.
 *
 *     state    = load(customer stream)                      (here)
 *     events   = decide(command, state, settings, now)      (the command's pure function)
 *     state'   = events.reduce(evolve, state)                (customer-state.ts)
 *     append(events, expected version) + write state' + store the outcome, in one transaction (here)
 *
 * What every write needs is enforced here, for every command, present and future: the caller's API
 * key is still active when the change is written (a key revoked since the request was
 * authenticated writes nothing), and the external_ref is claimed with the request's fingerprint
 * (a retry answers with the stored outcome, another request with it is a 409). How the adapter
 * gets there (an optimistic read then one write statement, or a locked transaction when a
 * customer is contended; batched reads) is its own business.
 */

/** Who asks for the change. */
export interface WriteCaller {
  organizationId: string;
  /**
   * The POS key the request came with: the port confirms it active when it reads, and the write
   * happens only while it still is. Null for the admin API and the dashboard, authorised by their
   * own guards.
   */
  apiKey: OrganizationContext | null;
  /** Recorded in each event's metadata. */
  requestId: string;
}

/** Which customer: by a normalized loyalty code or email, as the POS identifies them, or by id (found through a sale or a redemption). */
export interface CustomerKey {
  by: 'loyalty_code' | 'email' | 'id';
  value: string;
}

/** An external_ref and the fingerprint of the request that uses it (idempotency/request-fingerprint.ts). */
export interface RefClaim {
  ref: string;
  fingerprint: string;
}

/** The customer a decision starts from: its id and the state its stream's events fold to. */
export interface CurrentCustomer {
  customerId: string;
  state: CustomerState;
  /** The organization's settings version when the customer was read (organizations.settings_version). */
  settingsVersion: string;
}

/** What a decision returns: the events to append, and what a retry of the same request is answered with. */
export interface Decision<Outcome> {
  /** None: nothing changes and nothing is written (allowed only for a change without an external_ref). */
  events: ProposedEvent[];
  outcome: Outcome;
}

/**
 * A change to an existing customer. `settings` reads what the decision needs besides the customer
 * (earning settings, a reward), on the connection the port reads with; `decide` is pure, may throw
 * a domain error (nothing is written then), and may be called more than once when the customer
 * moved under it.
 */
export interface CustomerChange<Settings, Outcome> {
  caller: WriteCaller;
  customer: CustomerKey;
  claim: RefClaim | null;
  settings(sql: Sql, customer: CurrentCustomer): Promise<Settings>;
  decide(customer: CurrentCustomer, settings: Settings): Decision<Outcome>;
}

/** The customer after a change (or now, for a retry), and the change's outcome. */
export interface ChangeResult<Outcome> {
  customerId: string;
  customer: CustomerState;
  outcome: Outcome;
  /** True when the external_ref was already recorded for this same request: nothing was written. */
  duplicate: boolean;
}

/** A new customer's stream: its identity, chosen by the caller, and its first events. */
export interface NewCustomer {
  caller: WriteCaller;
  customerId: string;
  decide(): ProposedEvent[];
}

export abstract class CustomerStream {
  /** Loads, decides, appends: one change, all or nothing. */
  abstract change<Settings, Outcome>(change: CustomerChange<Settings, Outcome>): Promise<ChangeResult<Outcome>>;

  /**
   * Starts a customer's stream. Null when the projection refused the new customer because its
   * email or loyalty code is taken (the unique indexes decide between concurrent registrations).
   */
  abstract start(customer: NewCustomer): Promise<CustomerState | null>;
}
