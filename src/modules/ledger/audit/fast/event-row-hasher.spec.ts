import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { chainOf, copyTuple, eventRowFields, Json, json, plainDecimal, plainName, storedText, StoredText } from './event-rows.fixture';
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
        // The whole of data, as node-postgres would parse the stored text for the reference.
        expect(row.data).toEqual(JSON.parse(storedText(event.data, as)));
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
    expect(row).toMatchObject({ version: 2, schemaVersion: 1, type: 'points.awarded', hashOk: true, data: second.data });
    expect(row.streamKey()).toEqual({ organizationId: second.organizationId, streamId: second.streamId });
    expect(row.follows(Buffer.from(first.hash))).toBe(true);
    expect(row.follows(null)).toBe(false);
    expect(rowOf(first).follows(null)).toBe(true);
    expect(rowOf(first).data).toEqual(registration.data);
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

  describe('stored as text that is not canonical (jsonb printed it, or it was changed): the hash of the value, as the reference computes it', () => {
    /** Text for a value with arbitrary (valid) whitespace and member order. */
    const formatted = (value: Json): fc.Arbitrary<string> => {
      const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n ');
      if (Array.isArray(value)) {
        return fc.tuple(fc.tuple(...value.map(formatted)), space, space).map(([items, a, b]) => `[${a}${items.join(`${b},${a}`)}${b}]`);
      }
      if (value !== null && typeof value === 'object') {
        const names = Object.keys(value);
        return fc
          .tuple(fc.shuffledSubarray(names, { minLength: names.length }), fc.tuple(...names.map((n) => formatted(value[n]))), space, space)
          .map(([order, texts, a, b]) => `{${a}${order.map((n) => `${JSON.stringify(n)}${b}:${a}${texts[names.indexOf(n)]}`).join(`${b},${a}`)}${b}}`);
      }
      return fc.constant(typeof value === 'number' ? plainDecimal(value) : JSON.stringify(value));
    };

    /** An award whose data is stored as `text`; whether its hash holds, and what eventHash says of the value that text holds. */
    function storedAs(text: string): { hashOk: boolean; reference: boolean; data: unknown } {
      const [event] = chainOf([award({ points: 5 })]);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      const fields = eventRowFields(event);
      const row = readRow(fields.map((f, i) => (i === 6 ? Buffer.from(text) : f)));
      const hashed = value === undefined ? null : chainOf([award(value as Record<string, Json>)], event)[0];
      const reference = hashed !== null && canonicalize(hashed.data) === canonicalize(event.data);
      return { hashOk: row.hashOk, reference, data: row.data };
    }

    it('holds the hash whatever the order and spacing of the text', () => {
      fc.assert(
        fc.property(
          json('grapheme-ascii').chain((value) => formatted({ points: 5, value })),
          (text) => {
            const [event] = chainOf([{ type: 'points.awarded', data: JSON.parse(text) }]);
            const fields = eventRowFields(event);
            const row = readRow(fields.map((f, i) => (i === 6 ? Buffer.from(text) : f)));
            expect(row.hashOk).toBe(true);
            expect(row.data).toEqual(JSON.parse(text));
          },
        ),
        { numRuns: 1000 },
      );
    });

    it.each([
      ['numbers JavaScript prints otherwise', '{"points": 5, "n": [1e21, 1E2, 1.50, -0, 0.0, 1.0e-7, 123456789012345678, 9007199254740993, 0.1, 100]}'],
      ['names by UTF-16 code units', '{"b": 1, "a": 2, "ab": 3, "points": 5, "é": 5, "\uffff": 6, "😀": 7, "": 7, "A": 8}'],
      ['nested objects, sorted at every depth', '{"z": {"y": [{"b": 1, "a": {"d": null, "c": true}}]}, "points": 5, "a": []}'],
      ['strings as JSON.stringify escapes them', '{"points": 5, "s": "quote \\" backslash \\\\ tab \\t nl \\n ctl \\u0001 del \u007f é 😀"}'],
      ['escapes JSON.stringify writes otherwise', '{"points": 5, "s": ["\\/", "\\u00e9", "\\u001F", "\\u0008", "\\ud83d\\ude00"]}'],
      ['escaped names', '{"a\\"b": 1, "points": 5}'],
    ])('holds the hash of %s', (_, text) => {
      const [event] = chainOf([{ type: 'points.awarded', data: JSON.parse(text) }]);
      const row = readRow(eventRowFields(event).map((f, i) => (i === 6 ? Buffer.from(text) : f)));
      expect(row.hashOk).toBe(true);
      expect(row.data).toEqual(JSON.parse(text));
    });

    it.each([
      ['a name twice (JSON.parse keeps the last)', '{"points": 5, "points": 9}', false],
      ['the same value', '{ "points" : 5 }', true],
      ['text that is not JSON', '{"points": 5,}', false],
      ['truncated text', '{"points": 5', false],
      ['empty text', '', false],
    ])('agrees with the reference on %s', (_, text, holds) => {
      const outcome = storedAs(text);
      expect(outcome.hashOk).toBe(holds);
      expect(outcome.reference).toBe(holds);
    });
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
