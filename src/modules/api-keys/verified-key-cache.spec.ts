import { VerifiedKeyCache } from './verified-key-cache';

/** A stand-in for bcrypt: the "hash" is `hash:<secret>`, each compare takes a few ms and is counted. */
function fakeBcrypt(delayMs = 5) {
  const calls: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const compare = async (secret: string, hash: string) => {
    calls.push(secret);
    maxRunning = Math.max(maxRunning, ++running);
    await new Promise((r) => setTimeout(r, delayMs));
    running--;
    return hash === `hash:${secret}`;
  };
  return { compare, calls, maxRunning: () => maxRunning };
}

describe('VerifiedKeyCache', () => {
  it('runs bcrypt once for a cold key, then answers from the cache', async () => {
    const cache = new VerifiedKeyCache();
    const bcrypt = fakeBcrypt();
    expect(await cache.verify('L1', 'right', 'hash:right', bcrypt.compare)).toBe(true);
    expect(await cache.verify('L1', 'right', 'hash:right', bcrypt.compare)).toBe(true);
    expect(bcrypt.calls).toEqual(['right']);
  });

  it('does one bcrypt for many concurrent requests with one cold key (single flight)', async () => {
    const cache = new VerifiedKeyCache();
    const bcrypt = fakeBcrypt(20);
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.verify('L1', 'right', 'hash:right', bcrypt.compare)));
    expect(results.every(Boolean)).toBe(true);
    expect(bcrypt.calls).toHaveLength(1);
  });

  it('makes a wrong secret for a warm lookup id pay the full bcrypt, every time, and never caches it', async () => {
    const cache = new VerifiedKeyCache();
    const bcrypt = fakeBcrypt();
    await cache.verify('L1', 'right', 'hash:right', bcrypt.compare);
    expect(await cache.verify('L1', 'wrong', 'hash:right', bcrypt.compare)).toBe(false);
    expect(await cache.verify('L1', 'wrong', 'hash:right', bcrypt.compare)).toBe(false);
    expect(bcrypt.calls).toEqual(['right', 'wrong', 'wrong']);
    expect(cache.matches('L1', 'wrong')).toBe(false);
    expect(cache.matches('L1', 'right')).toBe(true); // the right key stays warm
  });

  it('never runs two bcrypts of one lookup id at once, even for different secrets', async () => {
    const cache = new VerifiedKeyCache();
    const bcrypt = fakeBcrypt(10);
    await Promise.all(['a', 'b', 'c', 'd'].map((s) => cache.verify('L1', s, 'hash:right', bcrypt.compare)));
    expect(bcrypt.calls).toHaveLength(4);
    expect(bcrypt.maxRunning()).toBe(1);
  });

  it('gives what was stored with a secret back only for that exact secret', async () => {
    const cache = new VerifiedKeyCache<{ org: string }>();
    const bcrypt = fakeBcrypt();
    await cache.verify('L1', 'right', 'hash:right', bcrypt.compare, { org: 'O1' });
    await cache.verify('L2', 'guess', 'hash:other', bcrypt.compare, { org: 'O2' });
    expect(cache.ownerOf('L1', 'right')).toEqual({ org: 'O1' });
    expect(cache.ownerOf('L1', 'wrong')).toBeUndefined();
    expect(cache.ownerOf('L2', 'guess')).toBeUndefined(); // it never verified
    cache.forget('L1');
    expect(cache.ownerOf('L1', 'right')).toBeUndefined();
  });

  it('verifies different lookup ids in parallel', async () => {
    const cache = new VerifiedKeyCache();
    const bcrypt = fakeBcrypt(20);
    await Promise.all(['L1', 'L2', 'L3'].map((id) => cache.verify(id, id, `hash:${id}`, bcrypt.compare)));
    expect(bcrypt.maxRunning()).toBe(3);
  });

  it('treats an entry as stale when the stored hash is no longer the one it verified against', async () => {
    const cache = new VerifiedKeyCache();
    const bcrypt = fakeBcrypt();
    await cache.verify('L1', 'old', 'hash:old', bcrypt.compare);
    expect(cache.matches('L1', 'old', 'hash:new')).toBe(false);
    expect(await cache.verify('L1', 'old', 'hash:new', bcrypt.compare)).toBe(false);
  });

  it('keeps working after a compare throws', async () => {
    const cache = new VerifiedKeyCache();
    const failing = async () => {
      throw new Error('bcrypt failed');
    };
    await expect(cache.verify('L1', 'right', 'hash:right', failing)).rejects.toThrow('bcrypt failed');
    expect(await cache.verify('L1', 'right', 'hash:right', fakeBcrypt().compare)).toBe(true);
  });

  it('forgets a key, and evicts the least recently verified beyond its capacity', async () => {
    const cache = new VerifiedKeyCache(2);
    const bcrypt = fakeBcrypt(0);
    for (const id of ['L1', 'L2', 'L3']) await cache.verify(id, id, `hash:${id}`, bcrypt.compare);
    expect(cache.size).toBe(2);
    expect(cache.matches('L1', 'L1')).toBe(false);
    expect(cache.matches('L3', 'L3')).toBe(true);
    cache.forget('L3');
    expect(cache.matches('L3', 'L3')).toBe(false);
  });
});
