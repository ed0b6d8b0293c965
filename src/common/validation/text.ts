import { FieldError } from '../errors/error-codes';

/**
 * What no text field of either API may hold, whatever the field:
 * - control characters (C0, DEL, C1: `\p{Cc}`), NUL among them: they have no place in a name, a
 *   description or a reference, would reach a terminal or a log viewer as escape sequences, and
 *   PostgreSQL text cannot hold NUL at all;
 * - invisible formatting characters that make one text look like another: zero-width space and
 *   word joiners, soft hyphen, direction marks, embeddings, overrides and isolates (U+202E would
 *   show `moc.elpmaxe@` reversed), the byte order mark. A second customer whose email differs from
 *   another's only by U+200B would look like the same one.
 * Zero-width joiners and non-joiners (U+200C, U+200D) stay allowed: emoji sequences and several
 * scripts need them in names. Emails refuse them too (see IsEmailAddress).
 */
const CONTROL = /\p{Cc}/u;
const INVISIBLE = /[\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/u;

/** Why a text is refused, or undefined when it is acceptable. */
export function textProblem(text: string): string | undefined {
  if (CONTROL.test(text)) {
    return text.includes('\u0000') ? 'must not contain a NUL character (\\u0000)' : 'must not contain control characters (such as a newline, tab or escape)';
  }
  if (INVISIBLE.test(text)) return 'must not contain invisible formatting characters (zero-width spaces, direction marks or overrides)';
  return undefined;
}

/**
 * The text fields of a validated request (a DTO instance, unknown fields already dropped) that
 * break the rule above, with their paths as the validation errors name them (`line_items.0.name`).
 * The shared validation (the pipe, the CLI) applies it to every string of every request, so that
 * no field can be forgotten.
 */
export function textFieldErrors(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? [{ field: path, message: problem }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => textFieldErrors(child, path ? `${path}.${key}` : key));
}

/** For an email: no whitespace or formatting characters of any kind (`\p{Cf}`, joiners included) anywhere in it. */
export const EMAIL_WITHOUT_INVISIBLES = /^[^\s\p{Cf}]*$/u;
