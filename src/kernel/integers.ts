/**
 * Guards for the integer inputs of the policy (cents, quantities, points).
 * Above Number.MAX_SAFE_INTEGER a JavaScript number silently loses units,
 * so the policy refuses such values instead of producing a wrong balance.
 */

export function assertSafeNonNegativeInteger(value: number, label: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${label} must be a safe integer >= 0, got ${String(value)}`);
  }
}

export function assertSafeIntegerAtLeast(value: number, min: number, label: string): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${label} must be a safe integer >= ${min}, got ${String(value)}`);
  }
}

/** A result too large for a JavaScript number to hold exactly. */
export class UnsafeIntegerError extends RangeError {}

/** Converts an exact BigInt result back to a number only when no precision is lost. */
export function toSafeNumber(value: bigint, label: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new UnsafeIntegerError(`${label} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return Number(value);
}
