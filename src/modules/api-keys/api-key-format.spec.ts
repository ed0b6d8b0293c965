import { API_KEY_PREFIX, apiKeyPrefix, formatApiKey, generateApiKey, parseApiKey, randomBase62 } from './api-key-format';

describe('API key format', () => {
  it('generates lp_live_<12 base62>_<43 base62>, 64 characters of [A-Za-z0-9_]', () => {
    const { key, lookupId, secret } = generateApiKey();
    expect(key).toMatch(/^lp_live_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
    expect(key).toHaveLength(64);
    expect(key).toBe(`${API_KEY_PREFIX}${lookupId}_${secret}`);
  });

  it('carries at least 128 bits of secret', () => {
    const { secret } = generateApiKey();
    expect(secret.length * Math.log2(62)).toBeGreaterThanOrEqual(128);
  });

  it('never repeats a key or a lookup id', () => {
    const keys = Array.from({ length: 2000 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
    expect(new Set(keys.map((k) => k.lookupId)).size).toBe(keys.length);
  });

  it('draws every base62 character with roughly equal frequency (no modulo bias)', () => {
    const text = randomBase62(62 * 2000);
    const counts = new Map<string, number>();
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(300);
  });

  it('parses what it generates', () => {
    const generated = generateApiKey();
    expect(parseApiKey(generated.key)).toEqual({ lookupId: generated.lookupId, secret: generated.secret });
    expect(parseApiKey(formatApiKey(generated))).toEqual({ lookupId: generated.lookupId, secret: generated.secret });
  });

  it('shows only the non-secret prefix in listings', () => {
    const generated = generateApiKey();
    expect(apiKeyPrefix(generated.lookupId)).toBe(generated.key.slice(0, 20));
    expect(apiKeyPrefix(generated.lookupId)).not.toContain(generated.secret);
  });

  const valid = generateApiKey().key;
  it.each([
    ['empty', ''],
    ['no prefix', valid.slice(API_KEY_PREFIX.length)],
    ['test prefix', valid.replace('lp_live_', 'lp_test_')],
    ['upper-case prefix', valid.replace('lp_live_', 'LP_LIVE_')],
    ['short secret', valid.slice(0, -1)],
    ['long secret', valid + 'a'],
    ['short lookup id', valid.replace(/^lp_live_./, 'lp_live_')],
    ['base64url characters', valid.slice(0, -1) + '-'],
    ['missing separator', valid.replace(/^(lp_live_.{12})_/, '$1')],
    ['surrounding spaces', ` ${valid} `],
    ['a line break', `${valid}\n`],
    ['not a string', 42],
    ['null', null],
  ])('rejects %s', (_, text) => {
    expect(parseApiKey(text)).toBeNull();
  });
});
