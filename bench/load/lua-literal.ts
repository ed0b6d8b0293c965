/**
 * A Lua string literal holding exactly the UTF-8 bytes of `text`: printable ASCII as it is, every
 * other byte, the quote and the backslash as a decimal escape. Always three digits: Lua reads up to
 * three, so a short escape followed by a digit ("\34" then "5") would be read as one ("\345").
 */
export function luaString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`;
  }
  return out + '"';
}
