import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { InvalidRequestError } from '../errors/api-error';
import { FieldError } from '../errors/error-codes';

/** Flattens class-validator's tree into `[{ field: 'identifier.value', message }]`. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(fieldErrors(error.children ?? [], field));
  });
}

/**
 * Validates and converts request DTOs. Unknown fields are dropped before the handler sees them
 * (never stored); a body that is not a JSON object is refused outright.
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const details = fieldErrors(errors);
        const first = details[0];
        return new InvalidRequestError(first ? `${first.field}: ${first.message}` : 'The request is invalid.', details);
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object && !isPlainObject(value)) {
      throw new InvalidRequestError('The request body must be a JSON object.');
    }
    const problem = unacceptableShape(value);
    if (problem) throw new InvalidRequestError(problem);
    return super.transform(value, metadata);
  }
}

/** Far beyond any real request (an order's line item fields are 3 levels down). */
export const MAX_NESTING = 32;
/** In a `u` pattern a well-formed pair is one code point, so only an unpaired surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What the validators cannot be trusted with, found in one walk without recursion (so that the
 * walk itself cannot overflow the stack):
 * - nesting deeper than MAX_NESTING: class-transformer recurses once per level, even into fields
 *   it will strip, and a 100 KB body of nested arrays (50,000 levels) overflows the stack;
 * - strings that are not well-formed Unicode: a lone surrogate ("\ud800") has no UTF-8 form, so
 *   PostgreSQL would store U+FFFD in its place, and the email validator throws on it.
 */
export function unacceptableShape(value: unknown): string | undefined {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (typeof node === 'string' && LONE_SURROGATE.test(node)) return 'Strings must be valid Unicode (a lone surrogate such as \\ud800 is not).';
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_NESTING) return `The request is nested more than ${MAX_NESTING} levels deep.`;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
