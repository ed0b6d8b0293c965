import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalBody, eventHash, HashedEventFields, hashOfCanonical } from './event-hash';

/** The specification as docs/ledger.md states it: SHA-256 of canonicalize over the ten members. */
function specifiedHash(event: HashedEventFields, prevHash: string | null): string {
  const hashed = {
    prev_hash: prevHash,
    organization_id: event.organizationId,
    stream_id: event.streamId,
    stream_version: event.streamVersion,
    event_id: event.eventId,
    type: event.type,
    schema_version: event.schemaVersion,
    occurred_at: event.occurredAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  };
  return createHash('sha256').update(canonicalize(hashed)!, 'utf8').digest('hex');
}

const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const event: fc.Arbitrary<HashedEventFields> = fc.record({
  organizationId: fc.uuid(),
  streamId: fc.uuid(),
  streamVersion: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  eventId: fc.uuid(),
  type: fc.oneof(fc.constantFrom('customer.registered', 'points.awarded'), text),
  schemaVersion: fc.integer({ min: 1, max: 100 }),
  occurredAt: fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
  data: fc.jsonValue(),
  metadata: fc.dictionary(text, fc.jsonValue(), { maxKeys: 3 }),
});

describe('the event hash', () => {
  it('is SHA-256 of the canonical form of the ten hashed members, as specified', () => {
    fc.assert(
      fc.property(event, fc.option(fc.stringMatching(/^[0-9a-f]{64}$/)), (e, prevHash) => {
        expect(eventHash(e, prevHash)).toBe(specifiedHash(e, prevHash));
      }),
      { numRuns: 2000 },
    );
  });

  it('is the same given the canonical text of data and metadata, which is what canonicalize writes for them', () => {
    fc.assert(
      fc.property(event, (e) => {
        const body = canonicalBody(e);
        expect(body).toEqual({ data: canonicalize(e.data), metadata: canonicalize(e.metadata) });
        expect(hashOfCanonical(e, body, null)).toBe(specifiedHash(e, null));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the worked example of docs/ledger.md', () => {
    const example: HashedEventFields = {
      organizationId: '550d1437-0c05-42b5-889c-d6c29d5418e5',
      streamId: '6f86a2d4-fd6a-4dce-a832-7d8fd20d44b7',
      streamVersion: 1,
      eventId: '67d61cd9-e886-48f3-b1a0-8c9c3ced4c2a',
      type: 'customer.registered',
      schemaVersion: 1,
      occurredAt: new Date('2026-11-25T20:40:19.638Z'),
      data: { name: 'Ann', email: null, birthday: null, loyalty_code: 'D595AA79' },
      metadata: { request_id: '6158c21a-bd3a-4353-a80b-f8d3015676e2' },
    };
    expect(eventHash(example, null)).toBe('9dc28f945b970eb646ba6c1d578e896af54dabf31a02b1ae72a05fdf9f40d6d1');
  });

  it('refuses a member JSON cannot hold rather than hash the event without it', () => {
    const e = fc.sample(event, 1)[0];
    expect(() => eventHash({ ...e, data: undefined }, null)).toThrow(TypeError);
  });
});
