import { PassThrough } from 'node:stream';

/** A stream for a ledger command to write to, and what it wrote, as parsed JSON lines. */
export function lineSink() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk) => chunks.push(chunk));
  const lines = (): any[] =>
    Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  return { stream, lines };
}
