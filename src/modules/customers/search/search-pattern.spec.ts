import { escapeLike, searchPatternOf } from './search-pattern';

describe('search patterns', () => {
  it('look for 3 characters or more anywhere', () => {
    expect(searchPatternOf('sophie')).toEqual({ ok: true, pattern: '%sophie%', startsWith: false });
    expect(searchPatternOf('  Martin ')).toEqual({ ok: true, pattern: '%Martin%', startsWith: false });
    expect(searchPatternOf('f55')).toEqual({ ok: true, pattern: '%f55%', startsWith: false });
  });

  it('look for 1 or 2 characters at the start only', () => {
    expect(searchPatternOf('so')).toEqual({ ok: true, pattern: 'so%', startsWith: true });
    expect(searchPatternOf('F')).toEqual({ ok: true, pattern: 'F%', startsWith: true });
  });

  it('count characters, not UTF-16 units', () => {
    expect(searchPatternOf('Zoë')).toMatchObject({ startsWith: false });
    expect(searchPatternOf('𝒜b')).toMatchObject({ startsWith: true });
  });

  it("take LIKE's wildcards literally", () => {
    expect(escapeLike('100%_off\\')).toBe('100\\%\\_off\\\\');
    expect(searchPatternOf('a_b')).toEqual({ ok: true, pattern: '%a\\_b%', startsWith: false });
  });

  it('refuse a query without a letter or a digit', () => {
    for (const query of ['', '   ', '@.', '---', '%%%']) expect(searchPatternOf(query)).toEqual({ ok: false, reason: 'must contain a letter or a digit' });
  });
});
