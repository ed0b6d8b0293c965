import { randomBytes } from 'node:crypto';

/** Loyalty codes: 8 characters of 0-9A-F from a CSPRNG, so codes are not guessable in sequence. */
export const LOYALTY_CODE_PATTERN = /^[0-9A-F]{8}$/;

export function newLoyaltyCode(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/** Codes are matched case-insensitively; null when the text cannot be a code at all. */
export function normalizeLoyaltyCode(text: string): string | null {
  const code = text.trim().toUpperCase();
  return LOYALTY_CODE_PATTERN.test(code) ? code : null;
}
