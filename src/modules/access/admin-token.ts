import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * The admin API's bearer token. Both sides are hashed to SHA-256 before a constant-time compare,
 * so neither the comparison time nor a length check says how much of a guess was right or how
 * long the token is. Without a configured token nothing matches: every admin route is 401.
 */
export class AdminToken {
  private readonly digest?: Buffer;

  constructor(token: string | undefined) {
    if (token) this.digest = sha256(token);
  }

  get configured(): boolean {
    return this.digest !== undefined;
  }

  matches(presented: string | null): boolean {
    if (!this.digest || presented === null) return false;
    return timingSafeEqual(this.digest, sha256(presented));
  }
}
