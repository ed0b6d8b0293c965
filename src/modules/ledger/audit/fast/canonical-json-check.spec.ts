import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { Json, json, jsonbText, plainName } from './event-rows.fixture';
import { CanonicalJsonCheck } from './canonical-json-check';

const check = new CanonicalJsonCheck();

const isCanonical = (text: string | Buffer) => {
  const src = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return check.isCanonical(src, 0, src.length);
};

/** What eventHash hashes for a stored text: canonicalize of what node-postgres parses; null if it does not parse. */
function reference(text: Buffer): string | null {
  try {
    return canonicalize(JSON.parse(text.toString('utf8'))) ?? null;
  } catch {
    return null;
  }
}

/** The one promise: a text the check accepts is, byte for byte, what the reference writes for it. */
function expectSound(text: Buffer): void {
  if (isCanonical(text)) expect(Buffer.from(reference(text) ?? '', 'utf8').equals(text)).toBe(true);
}

/** JSON values as the service writes them: plain names, integers, any well-formed text. */
const serviceJson = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }),
    fc.string({ unit: 'grapheme' }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(plainName, tie('value'), { maxKeys: 8 }),
  ),
})).value;

/** A text with one byte changed, added or removed somewhere. */
const mutated = (text: string) =>
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')).map(([at, byte, how]) => {
    const src = Buffer.from(text, 'utf8');
    const i = src.length ? at % src.length : 0;
    if (how === 'set' && src.length) src[i] = byte;
    if (how === 'insert') return Buffer.concat([src.subarray(0, i), Buffer.from([byte]), src.subarray(i)]);
    if (how === 'delete' && src.length) return Buffer.concat([src.subarray(0, i), src.subarray(i + 1)]);
    return src;
  });

describe('the canonical JSON check', () => {
  it('accepts the canonical text of any value the service writes', () => {
    fc.assert(
      fc.property(serviceJson, (value) => {
        expect(isCanonical(canonicalize(value)!)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts only texts that are their own canonical form, whatever it is given', () => {
    const texts = json('binary').chain((value) =>
      fc.oneof(
        fc.constant(Buffer.from(canonicalize(value)!, 'utf8')),
        fc.constant(Buffer.from(JSON.stringify(value), 'utf8')),
        fc.constant(Buffer.from(jsonbText(value), 'utf8')),
        mutated(canonicalize(value)!),
      ),
    );
    fc.assert(fc.property(texts, expectSound), { numRuns: 5000 });
    fc.assert(
      fc.property(
        serviceJson.chain((value) => mutated(canonicalize(value)!)),
        expectSound,
      ),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => expectSound(Buffer.from(bytes))),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['an object', '{"a":1,"b":[true,false,null],"c":{"":"x","d":-12}}'],
    ['a scalar', '"x"'],
    ['empty containers', '{"a":{},"b":[],"c":[{}]}'],
    ['the escapes JSON.stringify writes', '["quote \\" backslash \\\\ \\b \\t \\n \\f \\r \\u0000 \\u0001 \\u001f del \u007f é 😀 \u2028"]'],
    ['15-digit integers', '[999999999999999,-999999999999999,0,-1]'],
    ['names in UTF-16 order', '{"":7,"A":8,"a":2,"aa":4,"ab":3,"b":1}'],
  ])('accepts %s', (_, text) => {
    expect(isCanonical(text)).toBe(true);
    expect(reference(Buffer.from(text))).toBe(text);
  });

  it.each([
    ['whitespace', '{"a": 1}'],
    ['whitespace around the value', ' {"a":1}'],
    ['members out of order', '{"b":1,"a":2}'],
    ['the same name twice', '{"a":1,"a":1}'],
    ['an escaped slash', '["\\/"]'],
    ['an escaped letter', '["\\u0041"]'],
    ['upper-case hex', '["\\u001F"]'],
    ['a control character escaped as hex that has a letter escape', '["\\u0008"]'],
    ['an escaped surrogate pair', '["\\ud83d\\ude00"]'],
    ['a lone surrogate', '["\\ud800"]'],
    ['a raw control character', '["a\u0001b"]'],
    ['minus zero', '[-0]'],
    ['a fraction', '[1.5]'],
    ['a plain integer with a fraction', '[1.0]'],
    ['an exponent', '[1e2]'],
    ['a leading zero', '[01]'],
    ['16 digits', '[1234567890123456]'],
    ['a name beyond ASCII', '{"é":1}'],
    ['an escaped name', '{"a\\"b":1}'],
    ['a trailing comma', '{"a":1,}'],
    ['text after the value', '{"a":1}x'],
    ['truncated text', '{"a":[1,2'],
    ['a misspelt word', '[nul]'],
    ['empty text', ''],
  ])('declines %s', (_, text) => {
    expect(isCanonical(text)).toBe(false);
  });

  it('declines invalid UTF-8', () => {
    expect(isCanonical(Buffer.from([0x5b, 0x22, 0xc3, 0x28, 0x22, 0x5d]))).toBe(false);
    expect(isCanonical(Buffer.from([0x5b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x5d]))).toBe(false); // a surrogate's bytes
    expect(isCanonical(Buffer.from('["é"]'))).toBe(true);
  });

  it('declines nesting deeper than it follows', () => {
    expect(isCanonical('['.repeat(64) + ']'.repeat(64))).toBe(true);
    expect(isCanonical('['.repeat(66) + ']'.repeat(66))).toBe(false);
    expect(isCanonical('{"a":'.repeat(200) + '1' + '}'.repeat(200))).toBe(false);
  });

  it('never reads past the end it is given', () => {
    const src = Buffer.from('{"a":[1,2]}]}');
    expect(check.isCanonical(src, 0, 8)).toBe(false);
    expect(check.isCanonical(Buffer.from('["ab"]'), 0, 4)).toBe(false);
    expect(check.isCanonical(Buffer.from('[123]'), 0, 3)).toBe(false);
    expect(check.isCanonical(src, 0, 11)).toBe(true);
    expect(check.isCanonical(Buffer.from('x{"a":1}x'), 1, 8)).toBe(true);
  });
});
