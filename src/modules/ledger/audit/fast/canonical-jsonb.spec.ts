import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { Json, json, jsonbText, plainDecimal, plainName } from '../../../../../test/support/event-rows';
import { ByteBuffer } from './byte-buffer';
import { CanonicalJsonb } from './canonical-jsonb';

const writer = new CanonicalJsonb();

/** The writer's output for `text`, or null when it declines. */
function write(text: string | Buffer): string | null {
  const src = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const out = new ByteBuffer(16);
  return writer.write(src, 0, src.length, out) ? out.view().toString('utf8') : null;
}

/** What eventHash hashes for a stored jsonb value: canonicalize of what node-postgres parses. */
const reference = (text: string) => canonicalize(JSON.parse(text));

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

describe('canonical JSON from jsonb text', () => {
  it('writes what canonicalize(JSON.parse(text)) writes, for any JSON it accepts', () => {
    fc.assert(
      fc.property(json('binary'), (value) => {
        for (const text of [JSON.stringify(value), jsonbText(value)]) {
          const written = write(text);
          if (written !== null) expect(written).toBe(reference(text));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts whatever PostgreSQL prints for plain (ASCII, unescaped) names, whatever the values', () => {
    fc.assert(
      fc.property(json('grapheme', plainName), plainName, (value, name) => {
        const text = jsonbText({ [name]: value, another: value });
        expect(write(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('sorts members and drops whitespace, whatever the order and spacing of the text', () => {
    fc.assert(
      fc.property(
        json('grapheme-ascii').chain((value) => formatted(value)),
        (text) => {
          const written = write(text);
          if (written !== null) expect(written).toBe(reference(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['numbers JavaScript prints otherwise', '[1e21, 1E2, 1.50, -0, 0.0, -0.0, 1.0e-7, 123456789012345678, 9007199254740993, 0.1, 1e-7, 100]'],
    ['15-digit integers as they are', '[999999999999999, -999999999999999, 0, -1]'],
    ['names by UTF-16 code units', '{"b": 1, "a": 2, "ab": 3, "aa": 4, "é": 5, "z": 6, "": 7, "A": 8}'],
    ['nested objects sorted at every depth', '{"z": {"y": [{"b": 1, "a": {"d": null, "c": true}}]}, "a": []}'],
    ['strings as JSON.stringify escapes them', '["quote \\" backslash \\\\ tab \\t nl \\n cr \\r bs \\b ff \\f ctl \\u0001 \\u001f del \u007f é 😀"]'],
    ['a scalar', '"x"'],
    ['empty containers', '{"a": {}, "b": [], "c": [{}]}'],
  ])('writes %s', (_, text) => {
    expect(write(text)).toBe(reference(text));
  });

  it.each([
    ['escapes JSON.stringify writes otherwise', '["\\/", "\\u00e9", "\\u001F", "\\u0008", "\\ud83d\\ude00"]'],
    ['escaped names', '{"a\\"b": 1, "a": 2}'],
    ['names whose UTF-8 and UTF-16 orders differ', '{"\uffff": 1, "😀": 2}'],
    ['duplicate names', '{"a": 1, "a": 2}'],
    ['numbers beyond doubles', '[1e400]'],
    ['text that is not JSON', '{"a": 1,}'],
    ['more text that is not JSON', '{"a" 1}'],
    ['truncated text', '{"a": [1, 2'],
    ['a lone word', 'nul'],
    ['leading zeros', '[01]'],
    ['empty text', ''],
  ])('declines %s', (_, text) => {
    expect(write(text)).toBeNull();
  });

  it('never takes bytes past the end it is given', () => {
    const src = Buffer.from('{"a": [1, 2]}]}');
    const out = new ByteBuffer();
    expect(writer.write(src, 0, 10, out)).toBe(false);
    out.clear();
    expect(writer.write(src, 0, 13, out)).toBe(true);
  });

  it('copies a raw control character (PostgreSQL never writes one): the result is then no canonical text, so it matches no hash', () => {
    expect(write(Buffer.from('["a\x01b"]', 'latin1'))).toBe('["a\x01b"]');
    expect(() => JSON.parse('["a\x01b"]')).toThrow();
  });

  it('gives the members of the top-level object in name order', () => {
    const src = Buffer.from('{"points": 5, "rules": [], "loyalty_code": "A"}');
    expect(writer.write(src, 0, src.length, new ByteBuffer())).toBe(true);
    const members = writer.topLevelMembers;
    const names = Array.from({ length: members.count }, (_, m) => src.toString('utf8', members.keyStart[m], members.keyEnd[m]));
    expect(names).toEqual(['"loyalty_code"', '"points"', '"rules"']);
    expect(src.toString('utf8', members.valueStart[1], members.valueEnd[1])).toBe('5');
  });
});
