import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { InvalidRequestError } from '../errors/api-error';
import { FieldError } from '../errors/error-codes';
import { textFieldErrors } from '../validation/text';

/**
 * Constraints that say a value is of the wrong kind altogether. When one of them fails, it is the
 * one reported: `amount_cents: "1000"` is "must be an integer number", not "must not be greater
 * than 1000000000" (which class-validator also reports, since a string compares as a number).
 */
const TYPE_CONSTRAINTS = ['isDefined', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'nestedValidation', 'isIn', 'isEnum', 'isUuid'];

/**
 * Flattens class-validator's tree into `[{ field: 'identifier.value', message }]`, one message per
 * field: what is actually wrong with it. That is a failed type check if there is one, else the
 * constraint written first on the field (class-validator lists them last to first).
 */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    const chosen = names.find((name) => TYPE_CONSTRAINTS.includes(name)) ?? names[names.length - 1];
    const own = chosen === undefined ? [] : [{ field, message: constraints[chosen] }];
    return own.concat(fieldErrors(error.children ?? [], field));
  });
}

/** The envelope's error for field errors: the first one in the message, all of them in `details`. */
export function invalidFields(details: FieldError[]): InvalidRequestError {
  const first = details[0];
  return new InvalidRequestError(first ? `${first.field}: ${first.message}` : 'The request is invalid.', details);
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
      exceptionFactory: (errors) => invalidFields(fieldErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object && !isPlainObject(value)) {
      throw new InvalidRequestError('The request body must be a JSON object.');
    }
    const problem = unacceptableShape(value);
    if (problem) throw new InvalidRequestError(problem);
    if (metadata.type === 'query' && metadata.metatype && isPlainObject(value)) {
      const repeated = repeatedParameters(value, metadata.metatype);
      if (repeated.length) throw invalidFields(repeated);
    }
    const validated = await super.transform(value, metadata);
    // Every text of a body or a query, whichever field holds it (paths and ids are looked up, never stored).
    if (metadata.type === 'body' || metadata.type === 'query') {
      const badText = textFieldErrors(validated);
      if (badText.length) throw invalidFields(badText);
    }
    return validated;
  }
}

/**
 * A query parameter the route reads, given more than once (`?email=a&email=b`): the query parser
 * makes it a list, which no parameter accepts. Said as such rather than as a failed string rule.
 */
// class-validator's metadata is keyed by the class, typed as Function there.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function repeatedParameters(query: Record<string, unknown>, metatype: Function): FieldError[] {
  const declared = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(metatype, '', true, false)
      .map((m) => m.propertyName),
  );
  return Object.entries(query)
    .filter(([name, value]) => Array.isArray(value) && declared.has(name))
    .map(([name, value]) => ({ field: name, message: `must be given once, not ${(value as unknown[]).length} times` }));
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
