/** What the fast path's JSON readers (canonical-jsonb.ts, canonical-json-check.ts) share: bytes, limits, results. */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
export const MINUS = 0x2d;
export const DOT = 0x2e;
export const ZERO = 0x30;
export const NINE = 0x39;

export const TRUE = Buffer.from('true');
export const FALSE = Buffer.from('false');
export const NULL = Buffer.from('null');

/** Deeper nesting is declined (left to the reference code). */
export const MAX_DEPTH = 64;
/** Members of the objects being read at once (all levels for the rewriter, the top level for the check). */
export const MAX_MEMBERS = 4096;
/** Integers of up to 15 digits are exact doubles and print as themselves; longer ones may not. */
export const MAX_PLAIN_DIGITS = 15;

export const isDigit = (c: number) => c >= ZERO && c <= NINE;

/**
 * The members of a top-level object in name order: name spans (quotes included) and value spans
 * in the source; `count` is -1 when the value was not an object.
 */
export interface TopLevelMembers {
  count: number;
  readonly keyStart: Int32Array;
  readonly keyEnd: Int32Array;
  readonly valueStart: Int32Array;
  readonly valueEnd: Int32Array;
}
