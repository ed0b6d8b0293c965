import { parseDecimal4 } from './decimal';
import { isTierAtLeast, Tier, tierFor, tierRank } from './tier';

// Deliberately not sorted: order of configuration must not matter.
const tiers: Tier[] = [
  { name: 'Gold', minLifetimePoints: 5_000, multiplier: parseDecimal4('1.5') },
  { name: 'Bronze', minLifetimePoints: 0, multiplier: parseDecimal4('1') },
  { name: 'Silver', minLifetimePoints: 1_000, multiplier: parseDecimal4('1.25') },
];

describe('tierFor', () => {
  it.each([
    [0, 'Bronze'],
    [999, 'Bronze'],
    [1_000, 'Silver'],
    [4_999, 'Silver'],
    [5_000, 'Gold'],
    [1_000_000, 'Gold'],
  ])('with %p lifetime points gives %s (a threshold is reached when equal)', (points, name) => {
    expect(tierFor(tiers, points)?.name).toBe(name);
  });

  it('gives null below the lowest threshold', () => {
    const paidTiers = tiers.filter((tier) => tier.minLifetimePoints > 0);
    expect(tierFor(paidTiers, 999)).toBeNull();
  });

  it('gives null when there are no tiers', () => {
    expect(tierFor([], 10_000)).toBeNull();
  });

  it('keeps the first listed tier when two share a threshold', () => {
    const twins: Tier[] = [
      { name: 'A', minLifetimePoints: 100, multiplier: 1n },
      { name: 'B', minLifetimePoints: 100, multiplier: 2n },
    ];
    expect(tierFor(twins, 100)?.name).toBe('A');
  });
});

describe('isTierAtLeast', () => {
  it('passes when nothing is required, even without a tier', () => {
    expect(isTierAtLeast(tiers, null, null)).toBe(true);
    expect(isTierAtLeast(tiers, 'Bronze', null)).toBe(true);
  });

  it('fails for a customer without a tier when one is required', () => {
    expect(isTierAtLeast(tiers, null, 'Bronze')).toBe(false);
  });

  it('compares tiers by threshold, not by list order or name', () => {
    expect(isTierAtLeast(tiers, 'Gold', 'Silver')).toBe(true);
    expect(isTierAtLeast(tiers, 'Silver', 'Silver')).toBe(true);
    expect(isTierAtLeast(tiers, 'Bronze', 'Silver')).toBe(false);
  });

  it('fails when either tier name is unknown', () => {
    expect(isTierAtLeast(tiers, 'Platinum', 'Silver')).toBe(false);
    expect(isTierAtLeast(tiers, 'Gold', 'Platinum')).toBe(false);
  });
});

describe('tierRank', () => {
  it('is the threshold of the named tier, or null', () => {
    expect(tierRank(tiers, 'Silver')).toBe(1_000);
    expect(tierRank(tiers, 'Platinum')).toBeNull();
  });
});
