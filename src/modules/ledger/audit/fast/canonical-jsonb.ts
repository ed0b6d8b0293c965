import { ByteBuffer } from './byte-buffer';
import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  DOT,
  FALSE,
  isDigit,
  MAX_DEPTH,
  MAX_MEMBERS,
  MAX_PLAIN_DIGITS,
  MINUS,
  NULL,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  TopLevelMembers,
  TRUE,
  ZERO,
} from './json-bytes';

/**
 * RFC 8785 (JSON Canonicalization Scheme) straight from the UTF-8 text PostgreSQL gives for a
 * jsonb value, without decoding it into JavaScript values first: verify's hot path. The
 * reference is `canonicalize(JSON.parse(text))` (what `eventHash` does with a stored event); this
 * writes the same bytes or declines.
 *
 * What it does to the text: drops the whitespace between tokens, sorts each object's members by
 * name (jsonb lists them shortest name first), and rewrites the numbers that JavaScript would
 * print differently. Strings are copied as they are when their escapes are the ones
 * JSON.stringify writes, which is all PostgreSQL ever writes.
 *
 * `write` returns false, having written something unspecified, whenever it cannot vouch for the
 * result: names holding escapes or characters whose UTF-8 and UTF-16 orders differ, escapes
 * JSON.stringify would write differently, numbers out of range, duplicate names, deep nesting or
 * text that is not JSON. The caller then falls back to the reference. Bytes it copies are never
 * changed, so a mistake could only make a hash differ (and be rechecked), never make a changed
 * event match its hash.
 */

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

export class CanonicalJsonb {
  // Member spans (in the source) of the objects being written, innermost last; sorted by name.
  private readonly keyStart = new Int32Array(MAX_MEMBERS);
  private readonly keyEnd = new Int32Array(MAX_MEMBERS);
  private readonly valueStart = new Int32Array(MAX_MEMBERS);
  private readonly valueEnd = new Int32Array(MAX_MEMBERS);
  private used = 0;
  private membersEnd = 0;
  /** The members of the top-level object of the last write. */
  readonly topLevelMembers: TopLevelMembers = { count: -1, keyStart: this.keyStart, keyEnd: this.keyEnd, valueStart: this.valueStart, valueEnd: this.valueEnd };

  private src: Buffer = Buffer.alloc(0);
  private end = 0;
  private out: ByteBuffer = new ByteBuffer(0);
  /** Whether the text holds a backslash at all: when not, strings end at the next quote. */
  private escapes = false;

  /** Appends the canonical form of the JSON text src[start, end) to `out`; false when it declines. */
  write(src: Buffer, start: number, end: number, out: ByteBuffer): boolean {
    this.src = src;
    this.end = end;
    this.out = out;
    this.used = 0;
    this.topLevelMembers.count = -1;
    const backslash = src.indexOf(BACKSLASH, start);
    this.escapes = backslash !== -1 && backslash < end;
    const from = this.space(start);
    if (from >= end) return false;
    // The top-level object is checked as it is written, not scanned once more beforehand.
    const to = src[from] === OPEN_OBJECT ? this.writeObject(from, 0, true) : this.skip(from, 0);
    if (to < 0 || this.space(to) !== end) return false;
    return src[from] === OPEN_OBJECT || this.writeValue(from, to, 0);
  }

  private space(i: number): number {
    while (i < this.end && isSpace(this.src[i])) i++;
    return i;
  }

  /** The end of the value starting at i, or -1 if there is none. */
  private skip(i: number, depth: number): number {
    if (i >= this.end || depth > MAX_DEPTH) return -1;
    const c = this.src[i];
    if (c === QUOTE) return this.skipString(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) return this.skipContainer(i, depth);
    if (c === MINUS || isDigit(c)) return this.skipNumber(i);
    return this.skipWord(i);
  }

  private skipString(i: number): number {
    const src = this.src;
    if (!this.escapes) {
      const quote = src.indexOf(QUOTE, i + 1);
      return quote === -1 || quote >= this.end ? -1 : quote + 1;
    }
    for (let j = i + 1; j < this.end; j++) {
      const c = src[j];
      if (c === QUOTE) return j + 1;
      if (c === BACKSLASH) j++;
    }
    return -1;
  }

  private skipContainer(i: number, depth: number): number {
    const src = this.src;
    const isObject = src[i] === OPEN_OBJECT;
    const close = isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
    i = this.space(i + 1);
    if (src[i] === close) return i + 1;
    for (;;) {
      if (isObject) {
        if (src[i] !== QUOTE) return -1;
        i = this.skipString(i);
        if (i < 0) return -1;
        i = this.space(i);
        if (src[i] !== COLON) return -1;
        i = this.space(i + 1);
      }
      i = this.skip(i, depth + 1);
      if (i < 0) return -1;
      i = this.space(i);
      if (src[i] === COMMA) i = this.space(i + 1);
      else return src[i] === close ? i + 1 : -1;
    }
  }

  private skipNumber(i: number): number {
    const src = this.src;
    let j = i + 1;
    while (j < this.end) {
      const c = src[j];
      if (isDigit(c) || c === DOT || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS) j++;
      else break;
    }
    return j;
  }

  /** true, false or null (checked when written). */
  private skipWord(i: number): number {
    const c = this.src[i];
    const n = c === 0x66 ? 5 : c === 0x74 || c === 0x6e ? 4 : 0;
    return n && i + n <= this.end ? i + n : -1;
  }

  /** Writes the value src[i, e) (found by `skip`). */
  private writeValue(i: number, e: number, depth: number): boolean {
    const c = this.src[i];
    if (c === QUOTE) return this.writeString(i, e);
    if (c === OPEN_OBJECT) return this.writeObject(i, depth, false) >= 0;
    if (c === OPEN_ARRAY) return this.writeArray(i, depth);
    if (c === MINUS || isDigit(c)) return this.writeNumber(i, e);
    return this.writeWord(i, e);
  }

  private writeWord(i: number, e: number): boolean {
    const word = e - i === 4 ? (this.src[i] === 0x6e ? NULL : TRUE) : FALSE;
    for (let k = 0; k < word.length; k++) if (this.src[i + k] !== word[k]) return false;
    this.out.append(this.src, i, e);
    return true;
  }

  /** Copies a string whose escapes are all ones JSON.stringify would write the same way. */
  private writeString(i: number, e: number): boolean {
    if (this.escapes && !this.canonicalEscapes(i + 1, e - 1)) return false;
    this.out.append(this.src, i, e);
    return true;
  }

  /**
   * JSON.stringify escapes `"` and `\`, writes U+0008, 09, 0A, 0C, 0D as \b \t \n \f \r and other
   * characters below U+0020 as \u00xx (lower-case hex), and everything else as itself. Raw
   * control characters are not JSON at all.
   */
  private canonicalEscapes(i: number, e: number): boolean {
    const src = this.src;
    for (let j = i; j < e; j++) {
      const c = src[j];
      if (c < 0x20) return false;
      if (c !== BACKSLASH) continue;
      const x = src[j + 1];
      if (x === QUOTE || x === BACKSLASH || x === 0x62 || x === 0x66 || x === 0x6e || x === 0x72 || x === 0x74) {
        j++;
        continue;
      }
      if (x !== 0x75 || j + 5 >= e || src[j + 2] !== ZERO || src[j + 3] !== ZERO) return false;
      const high = src[j + 4] - ZERO;
      const h = src[j + 5];
      const low = isDigit(h) ? h - ZERO : h >= 0x61 && h <= 0x66 ? h - 0x57 : -1;
      const code = high * 16 + low;
      if ((high !== 0 && high !== 1) || low < 0 || code === 8 || code === 9 || code === 10 || code === 12 || code === 13) return false;
      j += 5;
    }
    return true;
  }

  /** Integers of up to 15 digits are copied; any other number is printed the way JavaScript prints it. */
  private writeNumber(i: number, e: number): boolean {
    const src = this.src;
    let j = src[i] === MINUS ? i + 1 : i;
    const digits = j;
    if (src[j] === ZERO) j++;
    else while (j < e && isDigit(src[j])) j++;
    if (j === digits) return false;
    const plain = j === e && j - digits <= MAX_PLAIN_DIGITS && !(digits > i && src[digits] === ZERO);
    if (plain) {
      this.out.append(src, i, e);
      return true;
    }
    if (!this.isJsonNumberTail(j, e)) return false;
    const value = Number(src.toString('latin1', i, e));
    if (!Number.isFinite(value)) return false; // the reference refuses these: let it say so
    this.out.appendLatin1(JSON.stringify(value));
    return true;
  }

  /** [.digits][(e|E)[+|-]digits] up to e. */
  private isJsonNumberTail(j: number, e: number): boolean {
    const src = this.src;
    if (j < e && src[j] === DOT) {
      const from = ++j;
      while (j < e && isDigit(src[j])) j++;
      if (j === from) return false;
    }
    if (j < e && (src[j] === 0x65 || src[j] === 0x45)) {
      j++;
      if (src[j] === 0x2b || src[j] === MINUS) j++;
      const from = j;
      while (j < e && isDigit(src[j])) j++;
      if (j === from) return false;
    }
    return j === e;
  }

  private writeArray(i: number, depth: number): boolean {
    const src = this.src;
    const out = this.out;
    out.push(OPEN_ARRAY);
    i = this.space(i + 1);
    if (src[i] !== CLOSE_ARRAY) {
      for (;;) {
        const e = this.skip(i, depth + 1);
        if (e < 0 || !this.writeValue(i, e, depth + 1)) return false;
        i = this.space(e);
        if (src[i] !== COMMA) break;
        out.push(COMMA);
        i = this.space(i + 1);
      }
    }
    out.push(CLOSE_ARRAY);
    return true;
  }

  /**
   * Finds the members (name and value spans), sorts them by name, then writes them in that order.
   * Returns the end of the object in the source, or -1.
   */
  private writeObject(i: number, depth: number, topLevel: boolean): number {
    const first = this.used;
    const count = this.readMembers(i, depth, first);
    if (count < 0) return -1;
    const objectEnd = this.membersEnd;
    if (topLevel) this.topLevelMembers.count = count;
    this.used = first + count;
    const out = this.out;
    out.push(OPEN_OBJECT);
    for (let m = first; m < first + count; m++) {
      if (m > first) out.push(COMMA);
      out.append(this.src, this.keyStart[m], this.keyEnd[m]);
      out.push(COLON);
      if (!this.writeValue(this.valueStart[m], this.valueEnd[m], depth + 1)) return -1;
    }
    out.push(CLOSE_OBJECT);
    this.used = first;
    return objectEnd;
  }

  /**
   * Records the members of the object at i from slot `first` on, in name order, and where the
   * object ends (`membersEnd`); returns their count, or -1.
   */
  private readMembers(i: number, depth: number, first: number): number {
    const src = this.src;
    i = this.space(i + 1);
    let count = 0;
    if (src[i] !== CLOSE_OBJECT) {
      for (;;) {
        if (first + count >= MAX_MEMBERS || src[i] !== QUOTE) return -1;
        const keyEnd = this.skipString(i);
        if (keyEnd < 0 || (this.escapes && !this.plainName(i, keyEnd))) return -1;
        const colon = this.space(keyEnd);
        if (src[colon] !== COLON) return -1;
        const valueStart = this.space(colon + 1);
        const valueEnd = this.skip(valueStart, depth + 1);
        if (valueEnd < 0 || !this.insertSorted(first, count, i, keyEnd, valueStart, valueEnd)) return -1;
        count++;
        i = this.space(valueEnd);
        if (src[i] !== COMMA) break;
        i = this.space(i + 1);
      }
      if (src[i] !== CLOSE_OBJECT) return -1;
    }
    this.membersEnd = i + 1;
    return count;
  }

  /** A name without escapes: its bytes are its text. */
  private plainName(i: number, e: number): boolean {
    const backslash = this.src.indexOf(BACKSLASH, i);
    return backslash === -1 || backslash >= e;
  }

  /** Insertion sort (objects are small); false on a duplicate name or an order UTF-8 cannot decide. */
  private insertSorted(first: number, count: number, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): boolean {
    let at = first + count;
    while (at > first) {
      const order = this.compareNames(this.keyStart[at - 1], this.keyEnd[at - 1], keyStart, keyEnd);
      if (order === 0 || Number.isNaN(order)) return false;
      if (order < 0) break;
      this.keyStart[at] = this.keyStart[at - 1];
      this.keyEnd[at] = this.keyEnd[at - 1];
      this.valueStart[at] = this.valueStart[at - 1];
      this.valueEnd[at] = this.valueEnd[at - 1];
      at--;
    }
    this.keyStart[at] = keyStart;
    this.keyEnd[at] = keyEnd;
    this.valueStart[at] = valueStart;
    this.valueEnd[at] = valueEnd;
    return true;
  }

  /**
   * RFC 8785 orders names by UTF-16 code units. Byte order of UTF-8 is code point order, which is
   * the same except between U+E000..U+FFFF (lead byte EE or EF) and the supplementary planes (F0
   * and up): NaN there, to decline.
   */
  private compareNames(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
    const src = this.src;
    let i = aStart + 1;
    let j = bStart + 1;
    const ie = aEnd - 1;
    const je = bEnd - 1;
    for (; i < ie && j < je; i++, j++) {
      const x = src[i];
      const y = src[j];
      if (x === y) continue;
      if (x >= 0xee && y >= 0xee && x >= 0xf0 !== y >= 0xf0) return NaN;
      return x - y;
    }
    return ie - i - (je - j);
  }
}
