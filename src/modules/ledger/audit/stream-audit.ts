import { eventHash, HashedEventFields } from '../../../event-store/event-hash';
import { StreamHead } from '../../../event-store/event.types';
import { Tier, tierFor } from '../../../kernel/tier';
import { CustomerState, ReplayError, UNREGISTERED } from '../../customer-stream/customer-state';
import { applyStoredEvent } from '../../customer-stream/stored-customer-event';
import { Lot, soonestExpiry } from '../../customer-stream/lots';

/**
 * The audit of one stream, fed its events in version order one at a time, so that verify and
 * rebuild hold one stream's state and never its events. Pure: the caller does the reading.
 */

/** An event as stored: the hashed fields plus the hashes themselves. */
export interface AuditedEvent extends HashedEventFields {
  prevHash: string | null;
  hash: string;
}

/** The first place a stream's hash chain breaks. */
export interface ChainBreak {
  version: number;
  reason: 'version_gap' | 'prev_hash_mismatch' | 'hash_mismatch';
  message: string;
}

export interface ReplayFailure {
  version: number;
  code: ReplayError['code'];
  message: string;
}

export interface StreamAudit {
  readonly organizationId: string;
  readonly streamId: string;
  readonly events: number;
  /** The stored version and hash of the last event seen: what the stream head must say. */
  readonly lastVersion: number;
  readonly lastHash: string | null;
  readonly chainBreak: ChainBreak | null;
  /** The replayed customer; frozen at the last good event once the replay has failed. */
  readonly state: CustomerState;
  readonly replayFailure: ReplayFailure | null;
}

/** The projection's columns that the events own (the tier is derived from lifetime points). */
export interface ProjectedCustomer {
  loyaltyCode: string;
  pointsBalance: number;
  lifetimePoints: number;
  version: number;
  /** The stored lots and next_expiry column (absent: not read, as by verify's fast tally). */
  lots?: readonly Lot[];
  nextExpiry?: string | null;
}

export interface CustomerFigures {
  loyalty_code: string | null;
  points_balance: number;
  lifetime_points: number;
  version: number;
  tier: string | null;
  /** The lots as `lot:points@expiry`, soonest first, and the soonest expiry: compared as text. */
  lots: string;
  next_expiry: string | null;
}

export type Finding =
  | ({ finding: 'broken_chain' } & ChainBreak)
  | { finding: 'head_mismatch'; expected: StreamHead; found: StreamHead | null }
  | ({ finding: 'replay_failed' } & ReplayFailure)
  | { finding: 'missing_projection' }
  | { finding: 'projection_mismatch'; expected: CustomerFigures; found: CustomerFigures };

/** Findings about the hash chain and the stream head, as opposed to the projection. */
export const CHAIN_FINDINGS: ReadonlySet<Finding['finding']> = new Set(['broken_chain', 'head_mismatch']);

export function startAudit(organizationId: string, streamId: string): StreamAudit {
  return { organizationId, streamId, events: 0, lastVersion: 0, lastHash: null, chainBreak: null, state: UNREGISTERED, replayFailure: null };
}

/** Checks `event`'s place in the chain and applies it to the replayed customer. */
export function auditEvent(audit: StreamAudit, event: AuditedEvent): StreamAudit {
  return {
    ...audit,
    events: audit.events + 1,
    lastVersion: event.streamVersion,
    lastHash: event.hash,
    chainBreak: audit.chainBreak ?? chainBreakAt(audit, event),
    ...replayStep(audit, event),
  };
}

/**
 * Each event must follow the previous one: the next version, the previous event's stored hash as
 * its prev_hash, and a hash that is the recomputed one. An edited event fails the last test; a
 * removed or reordered one fails the first two.
 */
function chainBreakAt(audit: StreamAudit, event: AuditedEvent): ChainBreak | null {
  const version = event.streamVersion;
  if (version !== audit.lastVersion + 1) return { version, reason: 'version_gap', message: `version ${version} follows version ${audit.lastVersion}` };
  if (event.prevHash !== audit.lastHash) return { version, reason: 'prev_hash_mismatch', message: `prev_hash is not the hash of version ${audit.lastVersion}` };
  if (eventHash(event, event.prevHash) !== event.hash)
    return { version, reason: 'hash_mismatch', message: 'the stored hash is not the hash of the stored event' };
  return null;
}

/** After a failure the state stays at the last event that applied: nothing later can be trusted. */
function replayStep(audit: StreamAudit, event: AuditedEvent): Pick<StreamAudit, 'state' | 'replayFailure'> {
  if (audit.replayFailure) return audit;
  try {
    return { state: applyStoredEvent(audit.state, event), replayFailure: null };
  } catch (error) {
    if (!(error instanceof ReplayError)) throw error;
    return { state: audit.state, replayFailure: { version: event.streamVersion, code: error.code, message: error.message } };
  }
}

/**
 * Compares what the events say with what is stored: the stream head (version and last hash) and
 * the customer's projection row (balance, lifetime points, version, loyalty code, and the tier those
 * lifetime points reach in `tiers`). The projection is only judged when the replay succeeded.
 */
export function auditFindings(audit: StreamAudit, stored: { head: StreamHead | null; customer: ProjectedCustomer | null }, tiers: readonly Tier[]): Finding[] {
  const findings: Finding[] = [];
  if (audit.chainBreak) findings.push({ finding: 'broken_chain', ...audit.chainBreak });
  const expectedHead: StreamHead = { version: audit.lastVersion, lastHash: audit.lastHash };
  if (stored.head?.version !== expectedHead.version || stored.head.lastHash !== expectedHead.lastHash) {
    findings.push({ finding: 'head_mismatch', expected: expectedHead, found: stored.head });
  }
  if (audit.replayFailure) findings.push({ finding: 'replay_failed', ...audit.replayFailure });
  else if (!stored.customer) findings.push({ finding: 'missing_projection' });
  else {
    const expected = figures(audit.state, tiers);
    const found = figures(stored.customer, tiers);
    if (!sameFigures(expected, found)) findings.push({ finding: 'projection_mismatch', expected, found });
  }
  return findings;
}

function figures(c: CustomerState | ProjectedCustomer, tiers: readonly Tier[]): CustomerFigures {
  return {
    loyalty_code: c.loyaltyCode,
    points_balance: c.pointsBalance,
    lifetime_points: c.lifetimePoints,
    version: c.version,
    tier: tierFor(tiers, c.lifetimePoints)?.name ?? null,
    lots: (c.lots ?? []).map((l) => `${l.lot}:${l.points}@${l.expires_at ?? 'never'}`).join(' '),
    next_expiry: 'nextExpiry' in c ? (c.nextExpiry ?? null) : (soonestExpiry(c.lots ?? [])?.at ?? null),
  };
}

function sameFigures(a: CustomerFigures, b: CustomerFigures): boolean {
  return (Object.keys(a) as Array<keyof CustomerFigures>).every((key) => a[key] === b[key]);
}
