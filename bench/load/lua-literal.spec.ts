import { luaString } from './lua-literal';

/** What Lua 5.1 makes of a literal with only decimal escapes: each reads up to three digits. */
function readAsLua(literal: string): string {
  const bytes: number[] = [];
  const body = literal.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      bytes.push(body.charCodeAt(i));
      continue;
    }
    const digits = /^\d{1,3}/.exec(body.slice(i + 1))![0];
    bytes.push(Number(digits));
    i += digits.length;
  }
  return Buffer.from(bytes).toString('utf8');
}

describe('luaString', () => {
  it('escapes quotes, backslashes, control and non-ASCII bytes as three-digit decimals', () => {
    expect(luaString('a"b\\c\n')).toBe('"a\\034b\\092c\\010"');
    expect(luaString('é')).toBe('"\\195\\169"');
  });

  it('keeps a digit after an escape out of the escape (a quote before a uuid that starts with one)', () => {
    const body = '{"reward_id":"5e0c2c8a-0d6f-4f59-9a53-0d9c4f8c1e77","n":"1"}';
    expect(readAsLua(luaString(body))).toBe(body);
  });

  it('round-trips any text', () => {
    for (const text of ['', 'plain', '"0"1"2', '\\9', 'café "7" 😀 \u0000x', '{"items":[{"q":2}]}']) {
      expect(readAsLua(luaString(text))).toBe(text);
    }
  });
});
