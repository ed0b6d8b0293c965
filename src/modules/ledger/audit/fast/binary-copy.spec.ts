import fc from 'fast-check';
import { copyTuple, COPY_TRAILER } from './event-rows.fixture';
import { BinaryCopyTuples } from './binary-copy';

/** The fields of each tuple `tuples` hands on (null for NULL), read while it is current. */
function fieldsOf(tuples: BinaryCopyTuples): Array<string | null> {
  return Array.from({ length: tuples.fields }, (_, f) => (tuples.isNull(f) ? null : tuples.bytes.toString('latin1', tuples.start[f], tuples.end(f))));
}

/** Feeds `output` cut into the given chunks; returns the tuples read and whether the stream was complete. */
function read(output: Buffer, cuts: number[]): { rows: Array<Array<string | null>>; complete: boolean } {
  const tuples = new BinaryCopyTuples();
  const rows: Array<Array<string | null>> = [];
  const at = [0, ...[...new Set(cuts)].filter((c) => c > 0 && c < output.length).sort((a, b) => a - b), output.length];
  for (let i = 1; i < at.length; i++) tuples.write(output.subarray(at[i - 1], at[i]), (t) => rows.push(fieldsOf(t)));
  return { rows, complete: tuples.complete };
}

const field = fc.option(fc.string({ unit: 'binary-ascii', maxLength: 40 }), { nil: null });
const table = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 6 });

/** A binary COPY output: header, one tuple per row, trailer. */
const outputOf = (rows: Array<Array<string | null>>) =>
  Buffer.concat([
    ...(rows.length
      ? rows.map((r, i) =>
          copyTuple(
            r.map((f) => (f === null ? null : Buffer.from(f, 'latin1'))),
            i === 0,
          ),
        )
      : [copyTuple([], true).subarray(0, 19)]),
    COPY_TRAILER,
  ]);

describe('binary COPY output read from chunks cut anywhere', () => {
  it('hands on every tuple whole, in order, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 12 }), (rows, cuts) => {
        const output = outputOf(rows);
        expect(
          read(
            output,
            cuts.map((c) => c % (output.length + 1)),
          ),
        ).toEqual({ rows, complete: true });
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a stream cut at every byte', () => {
    const rows = [
      ['a', null, ''],
      ['Zoë'.repeat(50), 'x'],
    ];
    const output = outputOf(rows);
    expect(
      read(
        output,
        Array.from({ length: output.length }, (_, i) => i),
      ),
    ).toEqual({ rows, complete: true });
  });

  it('reads the trailer as the end', () => {
    const tuples = new BinaryCopyTuples();
    const seen: number[] = [];
    tuples.write(copyTuple([Buffer.from('x')], true), (t) => seen.push(t.fields));
    expect(tuples.complete).toBe(false);
    tuples.write(COPY_TRAILER, (t) => seen.push(t.fields));
    expect(tuples.complete).toBe(true);
    expect(seen).toEqual([1]);
  });

  it('is not complete while a tuple is cut off, or without its trailer', () => {
    const output = outputOf([['abc']]);
    expect(read(output.subarray(0, output.length - 2), []).complete).toBe(false);
    expect(read(output.subarray(0, output.length - 4), []).complete).toBe(false);
  });

  it('refuses what is not binary COPY output, and anything after the trailer', () => {
    expect(() => new BinaryCopyTuples().write(Buffer.from('id,name\n1,Ann\n2,Bob\n'), () => undefined)).toThrow('not a binary COPY stream');
    const tuples = new BinaryCopyTuples();
    tuples.write(outputOf([['a']]), () => undefined);
    expect(() => tuples.write(copyTuple([Buffer.from('b')]), () => undefined)).toThrow('after its trailer');
  });
});
