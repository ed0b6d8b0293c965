/**
 * What a back-office search looks for, as an ILIKE pattern (pure):
 *
 * - 3 characters or more: the text anywhere in the code, the email or the name ("contains");
 * - 1 or 2 characters: the start of the code, the email or the name ("starts with"). A one- or
 *   two-letter "contains" matches a large share of any customer base and cannot be looked up in
 *   a trigram index, while "starts with" can (the trigram of a word's start): typing "so" lists
 *   Sophie, "sop" already finds every Sophie.
 *
 * A query with no letter or digit is refused: the trigram indexes hold letters and digits only,
 * so "@." or "--" could only be answered by reading every customer.
 */

/** Characters a search may hold: what a name or an email (254) needs. */
export const MAX_QUERY_LENGTH = 254;
/** Below this many characters a query matches the start of the fields only. */
export const CONTAINS_FROM_LENGTH = 3;

export type SearchPattern = { ok: true; pattern: string; startsWith: boolean } | { ok: false; reason: string };

export function searchPatternOf(query: string): SearchPattern {
  const text = query.trim();
  if (!/[\p{L}\p{N}]/u.test(text)) return { ok: false, reason: 'must contain a letter or a digit' };
  const startsWith = [...text].length < CONTAINS_FROM_LENGTH;
  const literal = escapeLike(text);
  return { ok: true, pattern: startsWith ? `${literal}%` : `%${literal}%`, startsWith };
}

/** LIKE's wildcards and its escape character, taken literally (backslash is the default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
