/**
 * Another writer appended to the stream since the caller read it. Handlers re-read the stream and
 * decide again (a bounded number of times); it is not an error a client ever sees as such.
 */
export class StreamVersionConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} is no longer at version ${expectedVersion}`);
    this.name = 'StreamVersionConflictError';
  }
}
