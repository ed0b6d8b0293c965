import { RequestTemplate } from './load/request-template';
import { SearchSeeded } from './search-seed';
import { Seeded } from './seed';

export interface Scenario {
  name: string;
  /** Which PostgreSQL-alone figure this scenario's throughput is compared with. */
  limit: 'award_tps' | 'read_tps' | null;
  /** What the load generator sends: one template, or several with weights (the mix). */
  requests: RequestTemplate[];
  /** What `{code}` is filled with; the seeded customers' codes by default. */
  values?: readonly string[];
  /** The bearer token; the seeded API key by default. */
  token?: string;
  /** Connections for this scenario; `--connections` by default. */
  connections?: number;
}

/** The seeded customers with long and short histories, for the activity scenarios. */
export interface Histories {
  events: number;
  long: string[];
  short: string[];
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
    redeem: {
      weight: 1,
      method: 'POST',
      path: '/api/v1/redemptions',
      body: `{"identifier":${customer},"reward_id":"${seeded.rewardId}","external_ref":"r-{ref}"}`,
    },
  } satisfies Record<string, RequestTemplate>;
}

/**
 * A page of a customer's activity, for customers with long and with short histories. Ten items,
 * which both have, so that the pages differ only in the history behind them.
 */
export function activityScenarios(histories: Histories): Scenario[] {
  const page: RequestTemplate = { weight: 1, method: 'GET', path: '/api/v1/customers/{code}/activity?limit=10' };
  return [
    { name: `activity ${histories.events} events per customer`, limit: 'read_tps', requests: [page], values: histories.long },
    { name: 'activity 10 events per customer', limit: 'read_tps', requests: [page], values: histories.short },
  ];
}

/**
 * The back office's search in an organization of a million customers (search-seed.ts): queries
 * that match many customers, and queries that match one or none (the trigram indexes' case). One
 * connection: the latency a person at the dashboard sees, searching while the tills are quiet.
 */
export function searchScenarios(search: SearchSeeded, adminToken: string): Scenario[] {
  const page: RequestTemplate = { weight: 1, method: 'GET', path: `/api/admin/v1/organizations/${search.organizationId}/customers?query={code}&limit=20` };
  const encoded = (queries: string[]) => queries.map(encodeURIComponent);
  const size = search.customers.toLocaleString('en');
  return [
    {
      name: `search common, ${size} customers, 1 connection`,
      limit: null,
      requests: [page],
      values: encoded(search.commonQueries),
      token: adminToken,
      connections: 1,
    },
    {
      name: `search rare, ${size} customers, 1 connection`,
      limit: null,
      requests: [page],
      values: encoded(search.rareQueries),
      token: adminToken,
      connections: 1,
    },
  ];
}

/** The five workloads of `npm run bench`. */
export function scenarios(seeded: Seeded): Scenario[] {
  const t = requestTemplates(seeded);
  return [
    { name: 'awards', limit: 'award_tps', requests: [t.award] },
    { name: 'orders', limit: 'award_tps', requests: [t.order] },
    { name: 'lookups', limit: 'read_tps', requests: [t.lookup] },
    { name: 'redemptions', limit: 'award_tps', requests: [t.redeem] },
    {
      name: 'mix 60/30/10',
      limit: null,
      requests: [
        { ...t.lookup, weight: 60 },
        { ...t.award, weight: 30 },
        { ...t.order, weight: 10 },
      ],
    },
  ];
}
