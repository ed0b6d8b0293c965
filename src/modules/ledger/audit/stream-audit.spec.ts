import { eventHash } from '../../../event-store/event-hash';
import { parseDecimal4 } from '../../../kernel/decimal';
import { Tier } from '../../../kernel/tier';
import { AuditedEvent, auditEvent, auditFindings, ProjectedCustomer, startAudit, StreamAudit } from './stream-audit';

const ORG = '11111111-1111-4111-8111-111111111111';
const STREAM = '22222222-2222-4222-8222-222222222222';
const tiers: Tier[] = [{ name: 'Gold', minLifetimePoints: 100, multiplier: parseDecimal4('2') }];

/** A well-formed chain of events, hashed the way the event store hashes them. */
function chain(...bodies: Array<{ type: string; data: Record<string, unknown> }>): AuditedEvent[] {
  let prevHash: string | null = null;
  return bodies.map((body, i) => {
    const fields = {
      organizationId: ORG,
      streamId: STREAM,
      streamVersion: i + 1,
      eventId: `00000000-0000-4000-8000-00000000000${i}`,
      type: body.type,
      schemaVersion: 1,
      occurredAt: new Date(Date.UTC(2026, 10, 25, 14, 30, i)),
      data: body.data,
      metadata: {},
    };
    const event = { ...fields, prevHash, hash: eventHash(fields, prevHash) };
    prevHash = event.hash;
    return event;
  });
}

const registered = { type: 'customer.registered', data: { loyalty_code: 'ABCD1234', name: 'Sophie', email: null, birthday: null } };
const awarded = (points: number) => ({ type: 'points.awarded', data: { points } });
const audited = (events: AuditedEvent[]): StreamAudit => events.reduce(auditEvent, startAudit(ORG, STREAM));
const headOf = (events: AuditedEvent[]) => ({ version: events.length, lastHash: events[events.length - 1].hash });
const customer = (over: Partial<ProjectedCustomer> = {}): ProjectedCustomer => ({
  loyaltyCode: 'ABCD1234',
  pointsBalance: 150,
  lifetimePoints: 150,
  version: 3,
  lots: [{ lot: 0, expires_at: null, points: 150 }],
  nextExpiry: null,
  ...over,
});

describe('auditing a stream', () => {
  const events = chain(registered, awarded(100), awarded(50));

  it('finds nothing when the chain holds and the head and projection agree with the replay', () => {
    expect(auditFindings(audited(events), { head: headOf(events), customer: customer() }, tiers)).toEqual([]);
  });

  it('reports a projection whose balance differs, with both figures and the tiers they reach', () => {
    const findings = auditFindings(audited(events), { head: headOf(events), customer: customer({ pointsBalance: 9999, lifetimePoints: 90 }) }, tiers);
    expect(findings).toEqual([
      {
        finding: 'projection_mismatch',
        expected: { loyalty_code: 'ABCD1234', points_balance: 150, lifetime_points: 150, version: 3, tier: 'Gold', lots: '0:150@never', next_expiry: null },
        found: { loyalty_code: 'ABCD1234', points_balance: 9999, lifetime_points: 90, version: 3, tier: null, lots: '0:150@never', next_expiry: null },
      },
    ]);
  });

  it('reports a projection at another version or with another loyalty code', () => {
    expect(auditFindings(audited(events), { head: headOf(events), customer: customer({ version: 2 }) }, tiers)[0].finding).toBe('projection_mismatch');
    expect(auditFindings(audited(events), { head: headOf(events), customer: customer({ loyaltyCode: 'FFFFFFFF' }) }, tiers)[0].finding).toBe(
      'projection_mismatch',
    );
  });

  it('reports a customer stream without a projection row', () => {
    expect(auditFindings(audited(events), { head: headOf(events), customer: null }, tiers)).toEqual([{ finding: 'missing_projection' }]);
  });

  it('reports an event whose data was changed as a hash mismatch at its version', () => {
    const tampered = events.map((e) => (e.streamVersion === 2 ? { ...e, data: { points: 1000 } } : e));
    const findings = auditFindings(audited(tampered), { head: headOf(events), customer: customer() }, tiers);
    expect(findings[0]).toMatchObject({ finding: 'broken_chain', version: 2, reason: 'hash_mismatch' });
  });

  it('reports a removed event as a version gap', () => {
    const gap = [events[0], events[2]];
    expect(audited(gap).chainBreak).toMatchObject({ version: 3, reason: 'version_gap' });
  });

  it('reports an event re-hashed after editing as a broken link to the next event', () => {
    const edited = { ...events[1], data: { points: 1000 } };
    const rehashed = { ...edited, hash: eventHash(edited, edited.prevHash) };
    expect(audited([events[0], rehashed, events[2]]).chainBreak).toMatchObject({ version: 3, reason: 'prev_hash_mismatch' });
  });

  it('reports a stream head that is behind or ahead of the last event', () => {
    const findings = auditFindings(audited(events), { head: { version: 4, lastHash: 'f'.repeat(64) }, customer: customer() }, tiers);
    expect(findings).toEqual([{ finding: 'head_mismatch', expected: headOf(events), found: { version: 4, lastHash: 'f'.repeat(64) } }]);
  });

  it('reports an event the replay does not know, and then does not judge the projection', () => {
    const odd = chain(registered, awarded(100), { type: 'points.teleported', data: { points: 100 } });
    const findings = auditFindings(audited(odd), { head: headOf(odd), customer: customer({ pointsBalance: 0 }) }, tiers);
    expect(findings).toEqual([{ finding: 'replay_failed', version: 3, code: 'unknown_event_type', message: 'unknown event type "points.teleported"' }]);
  });

  it('counts events and keeps only the state, not the events', () => {
    const audit = audited(events);
    expect(audit).toMatchObject({ events: 3, lastVersion: 3, lastHash: events[2].hash, state: { pointsBalance: 150 } });
    expect(Object.values(audit).some(Array.isArray)).toBe(false);
  });
});
