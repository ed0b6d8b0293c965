/**
 * The form in which product names and categories are compared.
 *
 * POS systems send "Espresso ", "ESPRESSO" or a decomposed "Cafe\u0301" for the same
 * product, so both sides are trimmed, NFC-normalized and case-folded. Upper- then
 * lower-casing (locale-independent) approximates Unicode case folding: "STRASSE" and
 * "straße" meet, as do final and medial Greek sigma, with no Turkish-locale surprises.
 */
export function matchKey(value: string): string {
  return value.trim().normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

export function sameMatchKey(a: string, b: string): boolean {
  return matchKey(a) === matchKey(b);
}
