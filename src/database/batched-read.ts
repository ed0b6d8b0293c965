import DataLoader from 'dataloader';
import { isDatabaseUnavailable } from '../common/errors/database-errors';

/** Enough to share one statement among every request in flight, small enough to stay a short statement. */
export const MAX_BATCH = 64;

/**
 * Reads of one kind that requests ask for in the same turn of the event loop, run as one
 * statement at the end of that turn (DataLoader, scheduled with setImmediate): a round trip and
 * a statement's fixed cost shared by every request whose data arrived together, instead of one
 * each. Nothing is cached: every read goes to the database after it was asked for, so it sees
 * what was committed before the request arrived, as a read of its own would.
 *
 * `readMany` runs one statement for all the inputs and returns one result per input, in order.
 * If it fails for a reason other than the database being unavailable (one caller's value that
 * PostgreSQL refuses, say), each input is read again on its own, so that only the request that
 * caused the failure gets it.
 */
/**
 * The rows of a statement over `unnest(…) WITH ORDINALITY` (one row per input, `i` its place from
 * 1), each put at its input's place: what `readMany` returns.
 */
export function inInputOrder<Row extends { i: number }>(rows: readonly Row[], inputs: number): Row[] {
  const ordered = new Array<Row>(inputs);
  for (const row of rows) ordered[row.i - 1] = row;
  return ordered;
}

export function batchedRead<Input, Result>(readMany: (inputs: readonly Input[]) => Promise<Result[]>): (input: Input) => Promise<Result> {
  const loader = new DataLoader<Input, Result>(
    async (inputs) => {
      try {
        return await readMany(inputs);
      } catch (error) {
        if (inputs.length === 1 || isDatabaseUnavailable(error)) throw error;
        return Promise.all(
          inputs.map((input) =>
            readMany([input]).then(
              ([result]) => result,
              (alone: Error) => alone,
            ),
          ),
        );
      }
    },
    { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: (run) => setImmediate(run) },
  );
  return (input) => loader.load(input);
}
