import type { Client, Connection, Submittable } from 'pg';

/** Receives each CopyData message's payload: bytes[start, end), valid only during the call. */
export type CopyDataHandler = (bytes: Buffer, start: number, end: number) => void;

/**
 * `COPY (…) TO STDOUT` on a node-postgres client, each CopyData payload handed to `onData` as it
 * arrives (node-postgres itself does not read COPY output). The handler runs synchronously in the
 * socket's read loop, so the server is only read as fast as the handler goes: memory holds one
 * socket read, whatever the size of the output.
 */
export function copyOut(client: Client, text: string, onData: CopyDataHandler): Promise<void> {
  return new Promise((resolve, reject) => client.query(new CopyOut(text, onData, resolve, reject)));
}

const HEADER = 5;
const COPY_OUT_RESPONSE = 0x48; // 'H'
const COPY_DATA = 0x64; // 'd'

class CopyOut implements Submittable {
  /** The handler's first error: the rest of the output is then drained and ignored. */
  private failure: unknown = null;
  private stream: NodeJS.EventEmitter | null = null;
  private ownListeners: Array<(...args: unknown[]) => void> = [];
  /** The start of a message split across socket reads. */
  private carry: Buffer | null = null;

  constructor(
    private readonly text: string,
    private readonly onData: CopyDataHandler,
    private readonly resolve: () => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  submit(connection: Connection): void {
    connection.query(this.text);
    this.takeSocket(connection);
  }

  /**
   * node-postgres would parse each row into a message object and emit it: for millions of rows
   * that costs about as much as the rows' hashing. So, as pg-copy-streams does, the socket's data
   * is read here until the COPY output ends, and everything from there on (CommandComplete,
   * ReadyForQuery, an error) is handed back to node-postgres. Nothing of this query can have been
   * read yet: it was sent just now, and the client was idle.
   */
  private takeSocket(connection: Connection): void {
    const stream = (connection as unknown as { stream: NodeJS.EventEmitter }).stream;
    this.stream = stream;
    this.ownListeners = stream.listeners('data') as Array<(...args: unknown[]) => void>;
    stream.removeAllListeners('data');
    stream.on('data', this.read);
  }

  private readonly read = (chunk: Buffer): void => {
    let at = 0;
    if (this.carry) {
      at = this.completeCarried(chunk);
      if (at < 0) return;
    }
    while (chunk.length - at >= HEADER) {
      const type = chunk[at];
      if (type !== COPY_DATA && type !== COPY_OUT_RESPONSE) return this.giveSocketBack(chunk.subarray(at));
      const end = at + 1 + chunk.readInt32BE(at + 1);
      if (end > chunk.length) break;
      if (type === COPY_DATA) this.deliver(chunk, at + HEADER, end);
      at = end;
    }
    if (at < chunk.length) this.carry = Buffer.from(chunk.subarray(at));
  };

  /**
   * Completes the message split across reads with the start of `chunk` and handles it; returns
   * where the next message starts in `chunk`, or -1 if the chunk is used up (or the socket given back).
   */
  private completeCarried(chunk: Buffer): number {
    const carry = this.carry!;
    const header = Math.min(Math.max(HEADER - carry.length, 0), chunk.length);
    const headed = header ? Buffer.concat([carry, chunk.subarray(0, header)]) : carry;
    if (headed.length < HEADER) {
      this.carry = headed;
      return -1;
    }
    const length = 1 + headed.readInt32BE(1);
    const used = Math.min(length - headed.length, chunk.length - header) + header;
    const message = Buffer.concat([headed, chunk.subarray(header, used)]);
    this.carry = null;
    if (message.length < length) {
      this.carry = message;
      return -1;
    }
    const type = message[0];
    if (type !== COPY_DATA && type !== COPY_OUT_RESPONSE) {
      this.giveSocketBack(Buffer.concat([message, chunk.subarray(used)]));
      return -1;
    }
    if (type === COPY_DATA) this.deliver(message, HEADER, length);
    return used;
  }

  /** From CopyDone on (or anything unexpected), node-postgres reads the socket again. */
  private giveSocketBack(rest: Buffer): void {
    const stream = this.stream!;
    stream.removeListener('data', this.read);
    for (const listener of this.ownListeners) stream.on('data', listener);
    this.stream = null;
    stream.emit('data', rest);
  }

  private deliver(bytes: Buffer, start: number, end: number): void {
    if (this.failure) return;
    try {
      this.onData(bytes, start, end);
    } catch (error) {
      this.failure = error;
    }
  }

  /** CopyData that node-postgres parsed itself (after an unexpected message gave it the socket back). */
  handleCopyData(message: { chunk: Buffer }): void {
    this.deliver(message.chunk, 0, message.chunk.length);
  }

  handleCommandComplete(): void {}

  handleEmptyQuery(): void {}

  /** node-postgres drops the query on an error and never tells it ReadyForQuery: settle here. */
  handleError(error: unknown): void {
    if (this.stream) this.giveSocketBack(Buffer.alloc(0));
    this.reject(error);
  }

  handleReadyForQuery(): void {
    if (this.failure) this.reject(this.failure);
    else this.resolve();
  }
}
