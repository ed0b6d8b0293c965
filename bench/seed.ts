import { HttpClient, inParallel } from './http-client';

export interface Seeded {
  organizationId: string;
  apiKey: string;
  codes: string[];
  rewardId: string;
}

/**
 * An organization as a real café would configure it: tiers, a bonus, product earn rules and
 * rewards, and `customers` customers, each with enough points to redeem for the whole run.
 */
export async function seed(baseUrl: string, adminToken: string, customers: number): Promise<Seeded> {
  const admin = new HttpClient(`${baseUrl}/api/admin/v1`, adminToken);
  const { organization } = await admin.call('POST', '/organizations', { name: 'Bench Café', earn_rate: '1.25', timezone: 'Europe/Paris' });
  const org = `/organizations/${organization.id}`;
  const { api_key } = await admin.call('POST', `${org}/api-keys`, { name: 'bench till' });
  await admin.call('POST', `${org}/tiers`, { name: 'Silver', min_lifetime_points: 1000, multiplier: '1.1' });
  await admin.call('POST', `${org}/tiers`, { name: 'Gold', min_lifetime_points: 100000, multiplier: '1.5' });
  await admin.call('POST', `${org}/bonuses`, { name: 'Happy hour', multiplier: 2, start_time: '16:00', end_time: '18:00' });
  await admin.call('POST', `${org}/earn-rules`, { name: '2 cappuccinos = 15 pts', type: 'product', match: 'Cappuccino', quantity: 2, points: 15 });
  await admin.call('POST', `${org}/earn-rules`, { name: 'Pastries', type: 'category', match: 'food', points: 3 });
  await admin.call('POST', `${org}/earn-rules`, { name: '6 donuts', type: 'bulk', match: 'Donut', quantity: 6, points: 10 });
  const { reward } = await admin.call('POST', `${org}/rewards`, { name: 'Free coffee', points_cost: 1, icon: '☕' });
  await admin.call('POST', `${org}/rewards`, { name: 'Cake', points_cost: 120, min_tier: 'Silver' });

  const pos = new HttpClient(`${baseUrl}/api/v1`, api_key.key);
  const codes = await inParallel(
    Array.from({ length: customers }, (_, i) => i),
    16,
    async (i) => {
      const { customer } = await pos.call('POST', '/customers', { name: `Customer ${i}`, email: `customer${i}@bench.example` });
      await pos.call('POST', '/transactions', {
        identifier: { type: 'loyalty_code', value: customer.loyalty_code },
        amount_cents: 500000,
        external_ref: `seed-${i}`,
      });
      return customer.loyalty_code as string;
    },
  );
  return { organizationId: organization.id, apiKey: api_key.key, codes, rewardId: reward.id };
}

/**
 * Customers of the seeded organization with `events` purchases each, for the activity scenarios:
 * each customer's awards one after the other (as one customer's purchases come), several
 * customers at once.
 */
export async function seedHistories(baseUrl: string, apiKey: string, customers: number, events: number, label: string): Promise<string[]> {
  const pos = new HttpClient(`${baseUrl}/api/v1`, apiKey);
  return inParallel(
    Array.from({ length: customers }, (_, i) => i),
    8,
    async (i) => {
      const { customer } = await pos.call('POST', '/customers', { name: `History ${label} ${i}` });
      const identifier = { type: 'loyalty_code', value: customer.loyalty_code };
      for (let e = 0; e < events; e++) await pos.call('POST', '/transactions', { identifier, amount_cents: 500 + e, external_ref: `h-${label}-${i}-${e}` });
      return customer.loyalty_code as string;
    },
  );
}
