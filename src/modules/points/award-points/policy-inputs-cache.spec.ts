import { PolicyInputs, PolicyInputsCache } from './policy-inputs-cache';

const inputs = (earnRate: bigint): PolicyInputs => ({ earnRate, timeZone: 'UTC', tiers: [], bonuses: [], rules: [] });

describe('PolicyInputsCache', () => {
  it('holds nothing for an organization it has not read', () => {
    const cache = new PolicyInputsCache();
    expect(cache.at('org', '1')).toBeUndefined();
  });

  it('gives the inputs back only at the version they were read at', () => {
    const cache = new PolicyInputsCache();
    cache.remember('org', '3', inputs(10000n));
    expect(cache.at('org', '3')?.earnRate).toBe(10000n);
    expect(cache.at('org', '4')).toBeUndefined();
  });

  it('keeps the newer version when an older read finishes after it', () => {
    const cache = new PolicyInputsCache();
    cache.remember('org', '12', inputs(20000n));
    cache.remember('org', '9', inputs(10000n));
    expect(cache.at('org', '9')).toBeUndefined();
    expect(cache.at('org', '12')?.earnRate).toBe(20000n);
  });

  it('forgets the organization whose inputs were read longest ago, beyond its size', () => {
    const cache = new PolicyInputsCache(2);
    cache.remember('a', '1', inputs(1n));
    cache.remember('b', '1', inputs(1n));
    cache.remember('a', '2', inputs(2n));
    cache.remember('c', '1', inputs(3n));
    expect(cache.at('b', '1')).toBeUndefined();
    expect(cache.at('a', '2')?.earnRate).toBe(2n);
    expect(cache.at('c', '1')?.earnRate).toBe(3n);
  });
});
