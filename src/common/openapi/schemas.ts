import type { SchemaObject } from '@nestjs/swagger';

/**
 * A rate or multiplier in a request: a JSON number or a numeric string, greater than 0, at most
 * 1000, with at most 4 decimal places ("1.15" and 1.15 are both exact). Responses show a number.
 */
export const DECIMAL_SCHEMA: Pick<SchemaObject, 'oneOf'> = {
  oneOf: [
    { type: 'number', exclusiveMinimum: true, minimum: 0, maximum: 1000 },
    { type: 'string', pattern: '^\\d+(\\.\\d{1,4})?$' },
  ],
};
