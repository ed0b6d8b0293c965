import fc from 'fast-check';
import { chainOf, copyTuple, eventRowFields, Json, json, plainName, StoredText } from '../../../../../test/support/event-rows';
import { AuditedEvent } from '../stream-audit';
import { BinaryCopyTuples } from './binary-copy';
import { EventRowHasher } from './event-row-hasher';

/** Reads one event row the way verify does (binary COPY tuple), after a header. */
function readRow(fields: Array<Buffer | null>): EventRowHasher {
  const rows: EventRowHasher[] = [];
  new BinaryCopyTuples().write(copyTuple(fields, true), (tuples) => rows.push(new EventRowHasher().read(tuples)));
  expect(rows).toHaveLength(1);
  return rows[0];
}

const rowOf = (event: AuditedEvent, extraMicros = 0, as: StoredText = 'canonical') => readRow(eventRowFields(event, extraMicros, as));
const STORED_TEXTS: StoredText[] = ['canonical', 'jsonb print'];

const award = (data: Record<string, Json>) => ({ type: 'points.awarded', data });
const registration = { type: 'customer.registered', data: { loyalty_code: 'ABCD1234', name: 'Zoë "The" O\'Brien \\ Co', email: null, birthday: '1990-02-03' } };

describe('an event row read by the fast path', () => {
  it.each(STORED_TEXTS)('holds its hash when eventHash says so, for any data with the names the service writes, stored as %s', (as) => {
    const data = fc.dictionary(plainName, json('grapheme', plainName), { maxKeys: 10 });
    fc.assert(
      fc.property(data, json('binary', plainName), fc.integer({ min: 0, max: 999 }), (body, metadata, extraMicros) => {
        const [event] = chainOf([{ type: 'points.awarded', data: { ...body, points: 5 }, metadata }]);
        const row = rowOf(event, extraMicros, as);
        expect(row.hashOk).toBe(true);
        expect(row.data).toEqual({ points: 5 });
      }),
      { numRuns: 500 },
    );
  });

  it('does not hold its hash when the stored text is not the text hashed, canonical or not', () => {
    const [event] = chainOf([{ type: 'points.awarded', data: { points: 5, rules: [] } }]);
    const fields = eventRowFields(event);
    const withData = (text: string) => readRow(fields.map((f, i) => (i === 6 ? Buffer.from(text) : f)));
    expect(withData('{"points":5,"rules":[]}').hashOk).toBe(true);
    expect(withData('{"points":6,"rules":[]}').hashOk).toBe(false);
    expect(withData('{"points":5,"rules":[],"x":1}').hashOk).toBe(false);
    // The same value in other words: rewritten to the same canonical text, so its hash holds.
    expect(withData('{ "rules": [ ], "points": 5 }').hashOk).toBe(true);
    // Not the same value: JSON.parse keeps the last of two equal names.
    expect(withData('{"points":5,"points":9,"rules":[]}').hashOk).toBe(false);
  });

  it('gives what the chain and the replay need', () => {
    const [first, second] = chainOf([registration, award({ points: 42, rules: [{ name: 'x', points: 2 }], line_items: [] })]);
    const row = rowOf(second);
    expect(row).toMatchObject({ version: 2, schemaVersion: 1, type: 'points.awarded', hashOk: true, data: { points: 42 } });
    expect(row.streamKey()).toEqual({ organizationId: second.organizationId, streamId: second.streamId });
    expect(row.follows(Buffer.from(first.hash))).toBe(true);
    expect(row.follows(null)).toBe(false);
    expect(rowOf(first).follows(null)).toBe(true);
    expect(rowOf(first).data).toEqual({ loyalty_code: 'ABCD1234' });
  });

  it('keeps an event past its message, for when it comes before its turn', () => {
    const [first, second] = chainOf([registration, award({ points: 7 })]);
    const kept = rowOf(second).keep();
    const hash = Buffer.alloc(64);
    kept.hashInto(hash);
    expect(hash.toString()).toBe(second.hash);
    expect(kept.follows(Buffer.from(first.hash))).toBe(true);
    expect(kept).toMatchObject({ version: 2, hashOk: true, data: { points: 7 } });
  });

  it.each<[string, (e: AuditedEvent) => AuditedEvent]>([
    ['a changed point', (e) => ({ ...e, data: { ...(e.data as object), points: 8 } })],
    ['an added member', (e) => ({ ...e, data: { ...(e.data as object), extra: null } })],
    ['a changed type', (e) => ({ ...e, type: 'points.redeemed' })],
    ['a changed version', (e) => ({ ...e, streamVersion: 3 })],
    ['a changed time', (e) => ({ ...e, occurredAt: new Date(e.occurredAt.getTime() + 1) })],
    ['a changed request id', (e) => ({ ...e, metadata: { request_id: 'x' } })],
    ['a changed previous hash', (e) => ({ ...e, prevHash: e.hash })],
    ['a changed stream', (e) => ({ ...e, streamId: e.organizationId })],
  ])('does not hold its hash after %s', (_, change) => {
    const [, second] = chainOf([registration, award({ points: 7 })]);
    for (const as of STORED_TEXTS) expect(rowOf(change(second), 0, as).hashOk).toBe(false);
  });

  it('cannot vouch for (so does not hold) a hash it cannot check: a malformed stored hash, an odd type', () => {
    const [event] = chainOf([registration]);
    const fields = eventRowFields(event);
    expect(readRow(fields.map((f, i) => (i === 10 ? Buffer.from(`${event.hash} `) : f))).hashOk).toBe(false);
    const [odd] = chainOf([{ type: 'customer."registered"', data: registration.data }]);
    expect(rowOf(odd).hashOk).toBe(false);
  });
});
