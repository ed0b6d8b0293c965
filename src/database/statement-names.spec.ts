import { StatementNames } from './statement-names';

describe('StatementNames', () => {
  it('gives a text the same name every time, and different texts different names', () => {
    const names = new StatementNames();
    const a = names.nameOf('SELECT 1 WHERE $1');
    const b = names.nameOf('SELECT 2 WHERE $1');
    expect(names.nameOf('SELECT 1 WHERE $1')).toBe(a);
    expect(a).not.toBe(b);
    expect(names.size).toBe(2);
  });

  it('stops naming new texts at its cap, but keeps the names it gave', () => {
    const names = new StatementNames(2);
    const a = names.nameOf('a');
    names.nameOf('b');
    expect(names.nameOf('c')).toBeUndefined();
    expect(names.nameOf('a')).toBe(a);
    expect(names.size).toBe(2);
  });
});
