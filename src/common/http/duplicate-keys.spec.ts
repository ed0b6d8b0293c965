import fc from 'fast-check';
import { duplicateKeyPath } from './duplicate-keys';

/** A JSON value written member by member, so that an object can have a member twice. */
type Tree = null | number | string | Tree[] | { members: Array<[string, Tree]> };

/** Writes a tree as JSON text; `escaped` writes every member name with \u escapes. */
function write(tree: Tree, escaped: boolean): string {
  if (tree === null || typeof tree !== 'object') return JSON.stringify(tree);
  if (Array.isArray(tree)) return `[${tree.map((t) => write(t, escaped)).join(',')}]`;
  const name = (n: string) => (escaped ? `"${[...n].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(n));
  return `{${tree.members.map(([k, v]) => `${name(k)} : ${write(v, escaped)}`).join(' ,')}}`;
}

/** The reference: the path of the first repeated member, in the order a reader meets them. */
function firstDuplicate(tree: Tree, path = ''): string | undefined {
  const at = (child: string) => (path ? `${path}.${child}` : child);
  if (tree === null || typeof tree !== 'object') return undefined;
  if (Array.isArray(tree)) {
    for (const [i, t] of tree.entries()) {
      const found = firstDuplicate(t, at(String(i)));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const seen = new Set<string>();
  for (const [k, v] of tree.members) {
    if (seen.has(k)) return at(k);
    seen.add(k);
    const found = firstDuplicate(v, at(k));
    if (found !== undefined) return found;
  }
  return undefined;
}

const names = fc.constantFrom('a', 'b', 'amount_cents', 'x"y', 'back\\slash', 'é', '');
const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.constant(null),
    fc.integer(),
    fc.constantFrom('', 'text', 'with "quotes"', 'ends with \\', '{"a":1,"a":2}', '[,]'),
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.array(fc.tuple(names, tie('tree')), { maxLength: 4 }).map((members) => ({ members })),
  ),
})).tree;

describe('duplicate member names in a JSON text', () => {
  it('finds none in what JSON.stringify writes', () => {
    expect(
      duplicateKeyPath(JSON.stringify({ identifier: { type: 'email', value: 'a@b.c' }, line_items: [{ name: 'x' }, { name: 'y' }], amount_cents: 1 })),
    ).toBeUndefined();
    expect(duplicateKeyPath('[]')).toBeUndefined();
    expect(duplicateKeyPath('"a"')).toBeUndefined();
  });

  it('names the repeated member with its path', () => {
    expect(duplicateKeyPath('{"amount_cents":100,"amount_cents":5000000}')).toBe('amount_cents');
    expect(duplicateKeyPath('{"identifier":{"type":"email","type":"loyalty_code"}}')).toBe('identifier.type');
    expect(duplicateKeyPath('{"line_items":[{"name":"a"},{"name":"b","name":"c"}]}')).toBe('line_items.1.name');
  });

  it('compares names by their decoded value and ignores names inside strings', () => {
    expect(duplicateKeyPath('{"a":1,"\\u0061":2}')).toBe('a');
    expect(duplicateKeyPath('{"a":"{\\"a\\":1,\\"a\\":2}","b":"\\\\"}')).toBeUndefined();
    expect(duplicateKeyPath('{"a":{"b":1},"b":{"a":1}}')).toBeUndefined();
  });

  it('agrees with a reference on any tree, whatever the spacing and escaping of the names', () => {
    fc.assert(
      fc.property(tree, fc.boolean(), (t, escaped) => {
        const text = write(t, escaped);
        JSON.parse(text); // the scanner is only ever given valid JSON
        expect(duplicateKeyPath(text)).toBe(firstDuplicate(t));
      }),
      { numRuns: 2000 },
    );
  });
});
