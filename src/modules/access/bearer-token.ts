/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 9110), or
 * null for a missing header, another scheme, or anything that is not exactly one token.
 */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer +([^\s]+) *$/i.exec(header);
  return match ? match[1] : null;
}
