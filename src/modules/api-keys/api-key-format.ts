import { randomBytes } from 'node:crypto';

/**
 * The text of an API key: `lp_live_<lookup id>_<secret>`, 64 characters, only [A-Za-z0-9_].
 *
 * - lookup id: 12 base62 characters (~71 bits), not secret. It finds the key's row in one indexed
 *   read instead of trying every bcrypt hash, and is shown in key listings so operators can tell
 *   keys apart.
 * - secret: 43 base62 characters (~256 bits, well over the 128 the contract asks for), drawn
 *   from crypto.randomBytes. Only its bcrypt hash is stored.
 *
 * Base62 rather than base64url: no `-` or `_` inside the parts, so a key survives double-click
 * selection and the `_` separators are unambiguous.
 */
export const API_KEY_PREFIX = 'lp_live_';
export const LOOKUP_ID_LENGTH = 12;
export const SECRET_LENGTH = 43;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}([0-9A-Za-z]{${LOOKUP_ID_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH}})$`);

export interface ApiKeyParts {
  lookupId: string;
  secret: string;
}

export interface GeneratedApiKey extends ApiKeyParts {
  /** The full key: shown once to its owner, never stored or logged. */
  key: string;
}

/**
 * Uniform base62 characters from the CSPRNG. Bytes of 248 and above are dropped (rejection
 * sampling), because 256 is not a multiple of 62 and `byte % 62` would favour the first characters.
 */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 16)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateApiKey(): GeneratedApiKey {
  const lookupId = randomBase62(LOOKUP_ID_LENGTH);
  const secret = randomBase62(SECRET_LENGTH);
  return { lookupId, secret, key: formatApiKey({ lookupId, secret }) };
}

export function formatApiKey({ lookupId, secret }: ApiKeyParts): string {
  return `${API_KEY_PREFIX}${lookupId}_${secret}`;
}

/** The non-secret beginning of a key, as listings show it: `lp_live_<lookup id>`. */
export function apiKeyPrefix(lookupId: string): string {
  return `${API_KEY_PREFIX}${lookupId}`;
}

/** The parts of a well-formed key, or null for anything else (so no lookup is attempted). */
export function parseApiKey(text: unknown): ApiKeyParts | null {
  if (typeof text !== 'string') return null;
  const match = KEY_PATTERN.exec(text);
  return match ? { lookupId: match[1], secret: match[2] } : null;
}
