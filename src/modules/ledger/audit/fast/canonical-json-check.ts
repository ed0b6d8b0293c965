import { isUtf8 } from 'node:buffer';

/**
 * Whether a JSON text is, byte for byte, its own RFC 8785 canonical form: what
 * `canonicalize(JSON.parse(text))` writes for it. The event store keeps an event's `data` and
 * `metadata` as exactly that text (json columns), so verify can hash the stored bytes as they are
 * after this one pass. A text that is not canonical (an event stored before the json columns, or
 * one changed behind the service's back) is never hashed as it is: the caller canonicalizes its
 * value instead, as eventHash does.
 *
 * It says yes only for what it can vouch for without decoding: members sorted by name (printable
 * ASCII names without escapes, where byte order is RFC 8785's order) and so never repeated; no
 * whitespace outside strings; strings holding no raw control character and only the escapes
 * JSON.stringify writes; valid UTF-8; integers of at most 15 digits in plain form (no `-0`, no
 * leading zero, no fraction or exponent); `true`, `false`, `null`; at most MAX_DEPTH levels.
 * Anything else is declined (false), canonical or not: the caller then hashes the canonical text
 * of its value. So a stored text that is not canonical can never be hashed as it is.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
/** Deeper nesting is declined. */
const MAX_DEPTH = 64;
/** Integers of up to 15 digits are exact doubles and print as themselves; longer ones may not. */
const MAX_PLAIN_DIGITS = 15;
/** Bytes from here on belong to multi-byte UTF-8 sequences. */
const NON_ASCII = 0x80;

const isDigit = (c: number) => c >= ZERO && c <= NINE;

/** The escapes JSON.stringify writes as a letter: \b \t \n \f \r (and \" \\). */
const isLetterEscape = (x: number) => x === QUOTE || x === BACKSLASH || x === 0x62 || x === 0x74 || x === 0x6e || x === 0x66 || x === 0x72;
const isLowerHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66);

export class CanonicalJsonCheck {
  private src: Buffer = Buffer.alloc(0);
  private end = 0;
  /** Whether a string held a byte of a multi-byte sequence: the text is then checked for UTF-8 once. */
  private nonAscii = false;

  /** Whether src[start, end) is canonical JSON text. */
  isCanonical(src: Buffer, start: number, end: number): boolean {
    this.src = src;
    this.end = end;
    this.nonAscii = false;
    if (start >= end) return false;
    const to = this.value(start, 0);
    if (to !== end) return false;
    return !this.nonAscii || isUtf8(src.subarray(start, end));
  }

  /** The end of the canonical value at i, or -1. */
  private value(i: number, depth: number): number {
    if (i >= this.end) return -1;
    const c = this.src[i];
    if (c === QUOTE) return this.string(i);
    if (c === OPEN_OBJECT) return depth < MAX_DEPTH ? this.object(i, depth + 1) : -1;
    if (c === OPEN_ARRAY) return depth < MAX_DEPTH ? this.array(i, depth + 1) : -1;
    if (c === MINUS || isDigit(c)) return this.integer(i);
    return this.word(i, c === 0x74 ? TRUE : c === 0x66 ? FALSE : NULL);
  }

  /** A string: raw characters from U+0020 on but `"` and `\`, and JSON.stringify's escapes. */
  private string(i: number): number {
    const src = this.src;
    const end = this.end;
    for (let j = i + 1; j < end; j++) {
      const c = src[j];
      // Most bytes (lower-case letters, the UTF-8 of other scripts) are past the backslash: one test.
      if (c > BACKSLASH) {
        if (c >= NON_ASCII) this.nonAscii = true;
      } else if (c === QUOTE) {
        return j + 1;
      } else if (c === BACKSLASH) {
        j = this.escape(j);
        if (j < 0) return -1;
      } else if (c < 0x20) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * The escape at j (a backslash) if JSON.stringify writes it so: a letter, or \u00xx in lower-case
   * hex for a control character without a letter. Returns its last byte, or -1.
   */
  private escape(j: number): number {
    const src = this.src;
    const x = src[j + 1];
    if (isLetterEscape(x)) return j + 1;
    if (x !== 0x75 || j + 5 >= this.end || src[j + 2] !== ZERO || src[j + 3] !== ZERO) return -1;
    const high = src[j + 4];
    const low = src[j + 5];
    if ((high !== ZERO && high !== ZERO + 1) || !isLowerHex(low)) return -1;
    const code = (high - ZERO) * 16 + (isDigit(low) ? low - ZERO : low - 0x57);
    return code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? -1 : j + 5;
  }

  /** `-`? then 0 or a non-zero digit and up to 14 more; no fraction, no exponent, never `-0`. */
  private integer(i: number): number {
    const src = this.src;
    const digits = src[i] === MINUS ? i + 1 : i;
    let j = digits;
    if (src[j] === ZERO) {
      if (j > i) return -1;
      j++;
    } else {
      while (j < this.end && isDigit(src[j])) j++;
    }
    if (j === digits || j - digits > MAX_PLAIN_DIGITS) return -1;
    const next = src[j];
    // A fraction or an exponent (or digits after a leading zero): not in plain form.
    if (j < this.end && (next === 0x2e || next === 0x65 || next === 0x45 || isDigit(next))) return -1;
    return j;
  }

  private word(i: number, word: Buffer): number {
    if (i + word.length > this.end) return -1;
    for (let k = 0; k < word.length; k++) if (this.src[i + k] !== word[k]) return -1;
    return i + word.length;
  }

  private array(i: number, depth: number): number {
    const src = this.src;
    i++;
    if (src[i] === CLOSE_ARRAY && i < this.end) return i + 1;
    for (;;) {
      i = this.value(i, depth);
      if (i < 0 || i >= this.end) return -1;
      const c = src[i++];
      if (c === CLOSE_ARRAY) return i;
      if (c !== COMMA) return -1;
    }
  }

  /** Members in strictly increasing name order (so no name twice). */
  private object(i: number, depth: number): number {
    const src = this.src;
    i++;
    if (src[i] === CLOSE_OBJECT && i < this.end) return i + 1;
    let previousStart = -1;
    let previousEnd = -1;
    for (;;) {
      const keyEnd = this.name(i);
      if (keyEnd < 0 || (previousStart >= 0 && !this.ascending(previousStart, previousEnd, i, keyEnd))) return -1;
      if (src[keyEnd] !== COLON) return -1;
      const valueEnd = this.value(keyEnd + 1, depth);
      if (valueEnd < 0 || valueEnd >= this.end) return -1;
      previousStart = i;
      previousEnd = keyEnd;
      const c = src[valueEnd];
      i = valueEnd + 1;
      if (c === CLOSE_OBJECT) break;
      if (c !== COMMA) return -1;
    }
    return i;
  }

  /** A name of printable ASCII without escapes (its bytes are its UTF-16 code units); its end, or -1. */
  private name(i: number): number {
    const src = this.src;
    if (i >= this.end || src[i] !== QUOTE) return -1;
    for (let j = i + 1; j < this.end; j++) {
      const c = src[j];
      if (c > BACKSLASH && c < 0x7f) continue;
      if (c === QUOTE) return j + 1;
      if (c < 0x20 || c >= 0x7f || c === BACKSLASH) return -1;
    }
    return -1;
  }

  /** Whether the name at [a, aEnd) sorts strictly before the one at [b, bEnd) (quotes included). */
  private ascending(a: number, aEnd: number, b: number, bEnd: number): boolean {
    const src = this.src;
    const aLength = aEnd - a - 2;
    const bLength = bEnd - b - 2;
    const n = aLength < bLength ? aLength : bLength;
    for (let k = 1; k <= n; k++) {
      const x = src[a + k];
      const y = src[b + k];
      if (x !== y) return x < y;
    }
    return aLength < bLength;
  }
}
