import { registerDecorator, ValidationOptions } from 'class-validator';
import { isValidClockTime, isValidIsoDate, isValidTimeZone } from '../../kernel/calendar-values';
import { isValidDecimal4 } from '../../kernel/decimal';
import { parseInstant } from './instant';

function define(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate: test },
    });
}

/** A rate or multiplier: a number or numeric string, > 0, at most 1000, at most 4 decimal places. */
export const IsMultiplier = define(
  'isMultiplier',
  (v) => (typeof v === 'number' || typeof v === 'string') && isValidDecimal4(v, { min: '0.0001', max: '1000' }),
  'must be a decimal greater than 0, at most 1000, with at most 4 decimal places',
);
export const IsTimeZone = define('isTimeZone', (v) => isValidTimeZone(v), 'must be an IANA time zone such as Europe/Paris');
export const IsClockTime = define('isClockTime', (v) => isValidClockTime(v), 'must be a time HH:MM between 00:00 and 23:59');
export const IsCalendarDate = define('isCalendarDate', (v) => isValidIsoDate(v), 'must be a real date YYYY-MM-DD');
export const IsInstant = define(
  'isInstant',
  (v) => parseInstant(v) !== undefined,
  'must be a real ISO 8601 date-time with a time zone, e.g. 2026-11-25T14:30:00Z',
);

/** JSON null as "not given", for optional fields where null can mean nothing else. */
export const nullAsAbsent = ({ value }: { value: unknown }) => (value === null ? undefined : value);
