import { LoadRequest } from './load';
import { Seeded } from './seed';

export interface Scenario {
  name: string;
  /** Which PostgreSQL-alone figure this scenario's throughput is compared with. */
  limit: 'award_tps' | 'read_tps' | null;
  next: () => LoadRequest;
  /**
   * For a scenario whose requests need not be unique: a fixed list that the load generator builds
   * once and cycles through, so that it spends less of the shared CPU per request than building
   * each one (docs/performance.md). Unique refs (awards, orders, redemptions) need `next`.
   */
  fixed?: LoadRequest[];
  expected?: (status: number) => boolean;
}

const ORDER_ITEMS = [
  { name: 'Cappuccino', category: 'drinks', quantity: 2, unit_price_cents: 350 },
  { name: 'Croissant', category: 'food', quantity: 1, unit_price_cents: 220 },
  { name: 'Donut', category: 'food', quantity: 6, unit_price_cents: 150 },
];

/**
 * How many different lookups the fixed list holds: customers picked at random, few enough that
 * the load generator's start-up (it builds the list once per connection) stays out of the figures.
 */
const FIXED_REQUESTS = 512;

/** The five workloads of `npm run bench`, over seeded customers picked at random. */
export function scenarios(seeded: Seeded, runId: string): Scenario[] {
  let counter = 0;
  const ref = (kind: string) => `${runId}-${kind}-${counter++}`;
  const someone = () => ({ type: 'loyalty_code', value: seeded.codes[Math.floor(Math.random() * seeded.codes.length)] });
  const award = (): LoadRequest => ({ method: 'POST', path: '/api/v1/transactions', body: { identifier: someone(), amount_cents: 500 + Math.floor(Math.random() * 5000), external_ref: ref('t') } });
  const order = (): LoadRequest => ({ method: 'POST', path: '/api/v1/orders', body: { identifier: someone(), line_items: ORDER_ITEMS, external_ref: ref('o') } });
  const lookup = (): LoadRequest => ({ method: 'GET', path: `/api/v1/customers/${someone().value}` });
  const redeem = (): LoadRequest => ({ method: 'POST', path: '/api/v1/redemptions', body: { identifier: someone(), reward_id: seeded.rewardId, external_ref: ref('r') } });
  return [
    { name: 'awards', limit: 'award_tps', next: award },
    { name: 'orders', limit: 'award_tps', next: order },
    { name: 'lookups', limit: 'read_tps', next: lookup, fixed: shuffled(seeded.codes).slice(0, FIXED_REQUESTS).map((code) => ({ method: 'GET', path: `/api/v1/customers/${code}` })) },
    { name: 'redemptions', limit: 'award_tps', next: redeem },
    {
      name: 'mix 60/30/10',
      limit: null,
      next: () => {
        const roll = Math.random();
        return roll < 0.6 ? lookup() : roll < 0.9 ? award() : order();
      },
    },
  ];
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
