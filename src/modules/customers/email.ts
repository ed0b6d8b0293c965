/** Emails are trimmed and lower-cased before they are stored or compared. */
export function normalizeEmail(text: string): string {
  return text.trim().toLowerCase();
}
