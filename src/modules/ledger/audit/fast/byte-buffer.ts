/**
 * A growable byte buffer that is written in place and reused from one event to the next, so that
 * building an event's canonical form allocates nothing per event.
 */
export class ByteBuffer {
  bytes: Buffer;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  clear(): void {
    this.length = 0;
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  push(byte: number): void {
    this.reserve(1);
    this.bytes[this.length++] = byte;
  }

  /** Appends src[start, end). Short runs are copied in a loop: Buffer#copy costs more per call than it saves. */
  append(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const bytes = this.bytes;
    if (n > 48) bytes.set(src.subarray(start, end), this.length);
    else for (let i = start, at = this.length; i < end; i++, at++) bytes[at] = src[i];
    this.length += n;
  }

  /** Appends all of `src` (one copy, nothing allocated: what literals and remembered texts use). */
  appendAll(src: Uint8Array): void {
    this.reserve(src.length);
    this.bytes.set(src, this.length);
    this.length += src.length;
  }

  /** Appends a string of code points below 256 (ASCII here), one byte each. */
  appendLatin1(text: string): void {
    this.reserve(text.length);
    this.length += this.bytes.write(text, this.length, 'latin1');
  }

  /** Appends a string as UTF-8. */
  appendUtf8(text: string): void {
    this.reserve(text.length * 3);
    this.length += this.bytes.write(text, this.length, 'utf8');
  }

  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}
