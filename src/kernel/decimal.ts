/**
 * Exact decimals for earn rates and multipliers.
 *
 * Binary floating point cannot hold 1.15 exactly (100 × 1.15 === 114.99999999999999),
 * which would cost customers a point. Rates are therefore kept as integers scaled
 * by 10^4, so "1.15" is 11_500n and all arithmetic stays in BigInt.
 */

/** A non-negative decimal with at most 4 decimal places, stored as value × 10^4. */
export type Decimal4 = bigint;

export const DECIMAL4_PLACES = 4;
export const DECIMAL4_SCALE: Decimal4 = 10_000n;
/** The neutral multiplier 1 (used when no bonus or no tier applies). */
export const DECIMAL4_ONE: Decimal4 = DECIMAL4_SCALE;

// Plain digits with an optional fraction of 1–4 digits: no sign, exponent or spaces.
const DECIMAL4_PATTERN = /^(\d+)(?:\.(\d{1,4}))?$/;

export function parseDecimal4(input: string | number): Decimal4 {
  const text = decimalText(input);
  const match = DECIMAL4_PATTERN.exec(text);
  if (match === null) {
    throw new RangeError(`Expected a non-negative decimal with at most ${DECIMAL4_PLACES} decimal places, got "${text}"`);
  }
  const [, integerPart, fractionPart = ''] = match;
  return BigInt(integerPart) * DECIMAL4_SCALE + BigInt(fractionPart.padEnd(DECIMAL4_PLACES, '0'));
}

/**
 * Numbers go through their shortest round-trip string (String(1.15) === "1.15"),
 * never through `n * 10000`, which would inherit the binary rounding error.
 */
function decimalText(input: string | number): string {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) {
      throw new RangeError(`Expected a finite decimal, got ${String(input)}`);
    }
    return String(input);
  }
  if (typeof input === 'string') {
    return input;
  }
  throw new RangeError(`Expected a string or number, got ${typeof input}`);
}

/** Canonical text without trailing zeros: "1.15", "2", "0.0001". */
export function formatDecimal4(value: Decimal4): string {
  const sign = value < 0n ? '-' : '';
  const magnitude = value < 0n ? -value : value;
  const integerPart = magnitude / DECIMAL4_SCALE;
  const fractionPart = (magnitude % DECIMAL4_SCALE).toString().padStart(DECIMAL4_PLACES, '0').replace(/0+$/, '');
  return fractionPart === '' ? `${sign}${integerPart}` : `${sign}${integerPart}.${fractionPart}`;
}

/** Inclusive bounds; numbers and strings are parsed, bigints are already scaled. */
export interface Decimal4Range {
  min?: Decimal4 | string | number;
  max?: Decimal4 | string | number;
}

/** For admin validators: true when `input` parses and lies within the inclusive range. */
export function isValidDecimal4(input: unknown, range: Decimal4Range = {}): boolean {
  const value = tryParseDecimal4(input);
  if (value === null) {
    return false;
  }
  const { min, max } = range;
  if (min !== undefined && value < toDecimal4(min)) {
    return false;
  }
  return max === undefined || value <= toDecimal4(max);
}

/** Like parseDecimal4 but returns null instead of throwing, for untrusted input. */
export function tryParseDecimal4(input: unknown): Decimal4 | null {
  if (typeof input !== 'string' && typeof input !== 'number') {
    return null;
  }
  try {
    return parseDecimal4(input);
  } catch {
    return null;
  }
}

function toDecimal4(bound: Decimal4 | string | number): Decimal4 {
  return typeof bound === 'bigint' ? bound : parseDecimal4(bound);
}
