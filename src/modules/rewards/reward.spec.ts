import { hasStockLeft, isOffered, Reward } from './reward';

const reward = (over: Partial<Reward> = {}): Reward => ({
  id: 'r',
  name: 'Coffee',
  description: null,
  pointsCost: 50,
  icon: null,
  minTier: null,
  stock: null,
  redeemedCount: 0,
  availableFrom: null,
  availableUntil: null,
  active: true,
  createdAt: new Date(0),
  ...over,
});
const at = new Date('2026-11-25T12:00:00Z');

describe('whether a reward is offered', () => {
  it('is offered when active and without a window', () => expect(isOffered(reward(), at)).toBe(true));
  it('is not offered when inactive', () => expect(isOffered(reward({ active: false }), at)).toBe(false));
  it('is offered from available_from, inclusive', () => expect(isOffered(reward({ availableFrom: at }), at)).toBe(true));
  it('is not offered before available_from', () => expect(isOffered(reward({ availableFrom: new Date(at.getTime() + 1) }), at)).toBe(false));
  it('is not offered at available_until, exclusive', () => expect(isOffered(reward({ availableUntil: at }), at)).toBe(false));
});

describe('stock', () => {
  it('is unlimited without a stock', () => expect(hasStockLeft(reward({ redeemedCount: 1e6 }))).toBe(true));
  it('is left while fewer were redeemed than stocked', () => expect(hasStockLeft(reward({ stock: 2, redeemedCount: 1 }))).toBe(true));
  it('is gone once as many were redeemed as stocked', () => expect(hasStockLeft(reward({ stock: 2, redeemedCount: 2 }))).toBe(false));
});
