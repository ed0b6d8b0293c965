import { RequestTemplate } from './load/request-template';
import { Seeded } from './seed';

export interface Scenario {
  name: string;
  /** Which PostgreSQL-alone figure this scenario's throughput is compared with. */
  limit: 'award_tps' | 'read_tps' | null;
  /** What the load generator sends: one template, or several with weights (the mix). */
  requests: RequestTemplate[];
}

const ORDER_ITEMS = JSON.stringify([
  { name: 'Cappuccino', category: 'drinks', quantity: 2, unit_price_cents: 350 },
  { name: 'Croissant', category: 'food', quantity: 1, unit_price_cents: 220 },
  { name: 'Donut', category: 'food', quantity: 6, unit_price_cents: 150 },
]);

const customer = '{"type":"loyalty_code","value":"{code}"}';

/** Templates of the four POS requests the benchmark sends, over seeded customers picked at random. */
export function requestTemplates(seeded: Seeded) {
  return {
    award: { weight: 1, method: 'POST', path: '/api/v1/transactions', body: `{"identifier":${customer},"amount_cents":{amount},"external_ref":"t-{ref}"}` },
    order: { weight: 1, method: 'POST', path: '/api/v1/orders', body: `{"identifier":${customer},"line_items":${ORDER_ITEMS},"external_ref":"o-{ref}"}` },
    lookup: { weight: 1, method: 'GET', path: '/api/v1/customers/{code}' },
    redeem: { weight: 1, method: 'POST', path: '/api/v1/redemptions', body: `{"identifier":${customer},"reward_id":"${seeded.rewardId}","external_ref":"r-{ref}"}` },
  } satisfies Record<string, RequestTemplate>;
}

/** The five workloads of `npm run bench`. */
export function scenarios(seeded: Seeded): Scenario[] {
  const t = requestTemplates(seeded);
  return [
    { name: 'awards', limit: 'award_tps', requests: [t.award] },
    { name: 'orders', limit: 'award_tps', requests: [t.order] },
    { name: 'lookups', limit: 'read_tps', requests: [t.lookup] },
    { name: 'redemptions', limit: 'award_tps', requests: [t.redeem] },
    { name: 'mix 60/30/10', limit: null, requests: [{ ...t.lookup, weight: 60 }, { ...t.award, weight: 30 }, { ...t.order, weight: 10 }] },
  ];
}
