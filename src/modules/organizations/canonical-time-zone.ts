/** The zone's canonical IANA spelling ("europe/paris" → "Europe/Paris"), so stored values compare equal. */
export function canonicalTimeZone(zone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}
