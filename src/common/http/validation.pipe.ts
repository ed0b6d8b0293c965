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
    return super.transform(value, metadata);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
