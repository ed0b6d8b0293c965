import { matchKey, sameMatchKey } from './match-key';

describe('matchKey', () => {
  it('ignores surrounding whitespace and letter case', () => {
    expect(sameMatchKey('  Espresso ', 'ESPRESSO')).toBe(true);
  });

  it('ignores non-breaking and other Unicode spaces at the ends', () => {
    expect(sameMatchKey('\u00a0Latte\t', 'latte')).toBe(true);
  });

  it('treats composed and decomposed accents as the same text (NFC)', () => {
    expect(sameMatchKey('Caf\u00e9', 'CAFE\u0301')).toBe(true);
  });

  it('folds case beyond ASCII', () => {
    expect(sameMatchKey('ÉCLAIR', 'éclair')).toBe(true);
    expect(sameMatchKey('STRASSE', 'straße')).toBe(true);
    expect(sameMatchKey('ΟΔΟΣ', 'οδοσ')).toBe(true);
  });

  it('keeps inner spaces and different words apart', () => {
    expect(sameMatchKey('ice tea', 'icetea')).toBe(false);
    expect(sameMatchKey('Tea', 'Coffee')).toBe(false);
  });

  it('does not depend on a Turkish or other locale', () => {
    expect(matchKey('I')).toBe('i');
  });
});
