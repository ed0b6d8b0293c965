import { parseInstant } from './instant';

describe('ISO 8601 instants', () => {
  it('reads a date-time with a zone, with or without seconds and fractions', () => {
    expect(parseInstant('2026-11-25T14:30:00Z')?.toISOString()).toBe('2026-11-25T14:30:00.000Z');
    expect(parseInstant('2026-11-24T18:30+01:00')?.toISOString()).toBe('2026-11-24T17:30:00.000Z');
    expect(parseInstant('2026-11-24T18:30:00.250-0500')?.toISOString()).toBe('2026-11-24T23:30:00.250Z');
    expect(parseInstant('2028-02-29T00:00:00Z')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('refuses days a month does not have, instead of rolling them over', () => {
    for (const text of [
      '2026-11-31T10:00:00Z',
      '2026-02-29T10:00:00Z',
      '2026-02-30T10:00:00Z',
      '2100-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-01-00T00:00:00Z',
    ]) {
      expect({ text, at: parseInstant(text) }).toEqual({ text, at: undefined });
    }
  });

  it('refuses impossible times, offsets and year 0', () => {
    for (const text of [
      '2026-11-25T24:00:00Z',
      '2026-11-25T23:60:00Z',
      '2026-11-25T23:59:60Z',
      '2026-11-25T10:00:00+24:00',
      '2026-11-25T10:00:00+01:60',
      '0000-01-01T00:00:00Z',
    ]) {
      expect({ text, at: parseInstant(text) }).toEqual({ text, at: undefined });
    }
  });

  it('refuses what is not a date-time with a zone', () => {
    for (const value of ['2026-11-25', '2026-11-25T14:30:00', '2026-11-25 14:30:00Z', ' 2026-11-25T14:30:00Z', 'yesterday', '', null, 1764080000000]) {
      expect(parseInstant(value)).toBeUndefined();
    }
  });
});
