import { once } from 'node:events';

/** Where the CLI commands write: standard output, or any writable stream in tests. */
export type LineSink = NodeJS.WritableStream;

/** Writes one JSON line, waiting when the reader is slower than the database (bounded memory). */
export async function writeJsonLine(out: LineSink, value: unknown): Promise<void> {
  if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
}
