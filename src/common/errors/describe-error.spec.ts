import { describeError } from './describe-error';

describe('what an operator is told about a failure', () => {
  it('never says "undefined", whatever was thrown', () => {
    for (const thrown of [undefined, null, '', new Error(), Object.assign(new Error(''), { code: 'ECONNRESET' }), {}, new AggregateError([])]) {
      expect(describeError(thrown)).not.toMatch(/^undefined|\bundefined\b/);
      expect(describeError(thrown).length).toBeGreaterThan(10);
    }
  });

  it('reads a failed connection to localhost (an AggregateError with no message) and says what to do', () => {
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}:5432`), { code: 'ECONNREFUSED' });
    const text = describeError(new AggregateError([refused('::1'), refused('127.0.0.1')]));
    expect(text).toMatch(/ECONNREFUSED ::1:5432.*ECONNREFUSED 127\.0\.0\.1:5432/);
    expect(text).toMatch(/is PostgreSQL running/);
  });

  it("adds the remedy PostgreSQL's codes point to", () => {
    expect(describeError(Object.assign(new Error('password authentication failed for user "x"'), { code: '28P01' }))).toMatch(/check DATABASE_URL/);
    expect(describeError(Object.assign(new Error('database "nowhere" does not exist'), { code: '3D000' }))).toMatch(/createdb/);
  });
});
