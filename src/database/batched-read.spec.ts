import { batchedRead } from './batched-read';

/** A stand-in for one statement over many inputs: records each call's inputs, doubles each number. */
function recorder(fail?: (inputs: readonly number[]) => Error | undefined) {
  const calls: number[][] = [];
  const readMany = async (inputs: readonly number[]) => {
    calls.push([...inputs]);
    const error = fail?.(inputs);
    if (error) throw error;
    return inputs.map((n) => n * 2);
  };
  return { calls, read: batchedRead(readMany) };
}

const unavailable = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const refusedValue = () => Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });

describe('batchedRead', () => {
  it('sends the reads asked for in one turn of the event loop as one call, and gives each its own result', async () => {
    const { calls, read } = recorder();
    expect(await Promise.all([read(1), read(2), read(3)])).toEqual([2, 4, 6]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('collects reads asked for by different callbacks of the same turn (requests read from several sockets)', async () => {
    const { calls, read } = recorder();
    // Two callbacks of one phase of the loop (as two sockets' data would be), each reaching its read
    // after a few promises, as a request does through the guard and the pipes.
    const pending: Array<Promise<number>> = [];
    await new Promise<void>((resolve) => {
      setImmediate(() => pending.push(Promise.resolve().then(() => read(1))));
      setImmediate(() => {
        pending.push(
          Promise.resolve()
            .then(() => Promise.resolve())
            .then(() => read(2)),
        );
        resolve();
      });
    });
    const results = await Promise.all(pending);
    expect(results).toEqual([2, 4]);
    expect(calls).toEqual([[1, 2]]);
  });

  it('caches nothing: the same input asked for again is read again', async () => {
    const { calls, read } = recorder();
    await read(7);
    await read(7);
    expect(calls).toEqual([[7], [7]]);
  });

  it('reads each input on its own when a shared call fails, so only the input that caused it gets the error', async () => {
    const { calls, read } = recorder((inputs) => (inputs.includes(13) ? refusedValue() : undefined));
    const results = await Promise.allSettled([read(1), read(13), read(3)]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: expect.objectContaining({ code: '22021' }) },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(calls).toEqual([[1, 13, 3], [1], [13], [3]]);
  });

  it('does not read again when the database is unavailable: every caller gets that error once', async () => {
    const { calls, read } = recorder(() => unavailable());
    const results = await Promise.allSettled([read(1), read(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
    expect(calls).toEqual([[1, 2]]);
  });
});
