import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Checks a secret against its stored bcrypt hash: the slow, deliberate step (~55 ms at cost 10). */
export type SecretCompare = (secret: string, secretHash: string) => Promise<boolean>;

interface Entry<T> {
  /** SHA-256 of this process's random salt and the secret that verified. */
  digest: Buffer;
  /** The stored hash it verified against: an entry is only good for that exact row state. */
  secretHash: string;
  /** What the caller stored with it (the key's id and organization). */
  owner: T;
}

/**
 * Remembers which secret verified for which lookup id, so that a key's second request costs a
 * SHA-256 instead of a bcrypt. It never answers "valid" for a secret that has not passed bcrypt in
 * this process: a different secret for a known lookup id misses and pays the full bcrypt, so a
 * wrong guess is never cheaper than a right key's first check. Failures are never remembered.
 *
 * The cache holds no revocation state: every request still learns from the database whether the
 * key is active (the verifier's own read, or the request's first statement: docs/security.md), so
 * the cache can only ever save the bcrypt and the row's read.
 */
export class VerifiedKeyCache<T = undefined> {
  /**
   * Per process and never stored. The secrets carry 256 random bits, so their digests could not be
   * reversed anyway; the salt makes a digest mean nothing outside this process. A salted one-shot
   * hash rather than an HMAC: it is on every request, and costs half.
   */
  private readonly salt = randomBytes(32).toString('hex');
  private readonly entries = new Map<string, Entry<T>>();
  /** The tail of each lookup id's queue of slow verifications. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  /** True when this secret already verified against this hash. Constant time in the secret. */
  matches(lookupId: string, secret: string, secretHash?: string): boolean {
    const entry = this.entries.get(lookupId);
    if (!entry || (secretHash !== undefined && entry.secretHash !== secretHash)) return false;
    return timingSafeEqual(entry.digest, this.digest(secret));
  }

  /** What was stored with this secret when it verified, if it did. Constant time in the secret. */
  ownerOf(lookupId: string, secret: string): T | undefined {
    return this.matches(lookupId, secret) ? this.entries.get(lookupId)!.owner : undefined;
  }

  forget(lookupId: string): void {
    this.entries.delete(lookupId);
  }

  /**
   * Verifies `secret` against `secretHash`, from the cache when it can, else with `compare`. Slow
   * verifications of one lookup id run one at a time: requests that arrive together with a cold
   * key wait for the first bcrypt and are then answered from the cache (one bcrypt, not N), and a
   * flood of guesses against one key cannot run bcrypt in parallel.
   */
  async verify(lookupId: string, secret: string, secretHash: string, compare: SecretCompare, owner?: T): Promise<boolean> {
    if (this.matches(lookupId, secret, secretHash)) return true;
    return this.oneAtATime(lookupId, async () => {
      if (this.matches(lookupId, secret, secretHash)) return true;
      const ok = await compare(secret, secretHash);
      if (ok) this.remember(lookupId, secret, secretHash, owner as T);
      return ok;
    });
  }

  private remember(lookupId: string, secret: string, secretHash: string, owner: T): void {
    this.entries.delete(lookupId); // re-insert: Map order is the eviction order
    this.entries.set(lookupId, { digest: this.digest(secret), secretHash, owner });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  private digest(secret: string): Buffer {
    return hash('sha256', this.salt + secret, 'buffer');
  }

  private async oneAtATime<T>(lookupId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(lookupId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(work);
    const tail = mine.catch(() => undefined);
    this.queues.set(lookupId, tail);
    try {
      return await mine;
    } finally {
      if (this.queues.get(lookupId) === tail) this.queues.delete(lookupId);
    }
  }
}
