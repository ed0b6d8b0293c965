import { normalizeEmail } from './email';
import { LOYALTY_CODE_PATTERN, newLoyaltyCode, normalizeLoyaltyCode } from './loyalty-code';

describe('loyalty codes', () => {
  it('are 8 uppercase hexadecimal characters', () => {
    for (let i = 0; i < 200; i++) expect(newLoyaltyCode()).toMatch(LOYALTY_CODE_PATTERN);
  });

  it('are random, not sequential', () => {
    const codes = new Set(Array.from({ length: 1000 }, newLoyaltyCode));
    expect(codes.size).toBeGreaterThan(995);
  });

  it('match case-insensitively and ignore surrounding spaces', () => {
    expect(normalizeLoyaltyCode(' f55ea00d ')).toBe('F55EA00D');
  });

  it('reject anything that is not 8 hex characters', () => {
    for (const bad of ['F55EA00', 'F55EA00DD', 'G55EA00D', '', 'F55E A00D']) expect(normalizeLoyaltyCode(bad)).toBeNull();
  });
});

describe('emails', () => {
  it('are trimmed and lower-cased', () => {
    expect(normalizeEmail('  Sophie@Example.COM ')).toBe('sophie@example.com');
  });
});
