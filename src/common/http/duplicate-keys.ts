/**
 * Finds the first member name that appears twice in one object of a JSON text, and gives its
 * field path (`identifier.type`, `line_items.1.name`), or undefined when there is none.
 *
 * JSON.parse keeps the last of two equal members, while a proxy or a validator in front of the
 * service may read the first: `{"amount_cents":100,"amount_cents":5000000}` would be two
 * different requests to them and to us. Such bodies are refused instead (400, the field named).
 *
 * The text must already have been parsed successfully by JSON.parse: this is a single pass that
 * trusts the structure (strings, brackets, commas) and only compares member names. Names with an
 * escape are compared by their decoded value, so `"a"` and `"\u0061"` are the same member. It is
 * written out here rather than taken from a library because the libraries that find duplicate
 * members parse the whole text again into a syntax tree, several times the cost of this scan on
 * every request's body.
 */
export function duplicateKeyPath(text: string): string | undefined {
  const stack: Container[] = [];
  let i = 0;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectingKey) {
        const raw = text.slice(i + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (top.keys.has(name)) return join(top.path, name);
        top.keys.add(name);
        top.lastKey = name;
        top.expectingKey = false;
      }
      i = end + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const parent = stack[stack.length - 1];
      const path = parent ? join(parent.path, parent.keys ? parent.lastKey : String(parent.index)) : '';
      stack.push(
        c === OPEN_BRACE
          ? { keys: new Set(), expectingKey: true, lastKey: '', index: 0, path }
          : { keys: undefined, expectingKey: false, lastKey: '', index: 0, path },
      );
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      stack.pop();
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top.keys) top.expectingKey = true;
      else top.index++;
    }
    i++;
  }
  return undefined;
}

interface Container {
  /** The member names seen so far; undefined for an array. */
  keys: Set<string> | undefined;
  expectingKey: boolean;
  lastKey: string;
  /** An array's current element. */
  index: number;
  path: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** The index of the quote that closes the string opening at `start`. */
function closingQuote(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); ; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote; // an odd run of backslashes escapes this quote
  }
}

const join = (parent: string, child: string) => (parent ? `${parent}.${child}` : child);
