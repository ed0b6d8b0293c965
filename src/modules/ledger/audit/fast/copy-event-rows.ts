import type { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BinaryCopyTuples } from './binary-copy';
import { EventRowHasher } from './event-row-hasher';

/**
 * Runs `statement`, a binary COPY of EVENT_ROW_COLUMNS (audit-reads.ts, eventsCopyStatement), on
 * `client` and hands each event row, read by the fast path, to `onRow` (the row is valid during
 * the call only). pg-copy-streams reads the COPY output off node-postgres's connection (which
 * would otherwise parse each row into a message object, about as costly as hashing it) and stops
 * reading the socket while a chunk is being handled: memory holds a chunk or two, whatever the
 * size of the output.
 */
export async function copyEventRows(client: Client, statement: string, onRow: (row: EventRowHasher) => void): Promise<void> {
  const tuples = new BinaryCopyTuples();
  const hasher = new EventRowHasher();
  const onTuple = (t: BinaryCopyTuples) => onRow(hasher.read(t));
  let failure: unknown = null;
  for await (const chunk of client.query(copyTo(statement))) {
    // After a failure the rest is read and dropped: the connection is then free for the ROLLBACK.
    if (failure) continue;
    try {
      tuples.write(chunk as Buffer, onTuple);
    } catch (error) {
      failure = error;
    }
  }
  if (failure) throw failure;
  if (!tuples.complete) throw new Error('the events COPY ended early');
}
