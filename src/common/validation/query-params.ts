import { FieldError } from '../errors/error-codes';

/**
 * An integer query parameter: plain decimal digits from `min` to `max`, the fallback when absent.
 * Anything else (a sign, a fraction, words) adds an error naming the field, rather than a silent
 * fallback that would answer a page the caller did not ask for.
 */
export function integerParam(raw: unknown, field: string, range: { min: number; max: number; fallback: number }, errors: FieldError[]): number {
  if (raw === undefined) return range.fallback;
  const value = typeof raw === 'string' && /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(value) && value >= range.min && value <= range.max) return value;
  errors.push({ field, message: `must be an integer from ${range.min} to ${range.max}` });
  return range.fallback;
}
