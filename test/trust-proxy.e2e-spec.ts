import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

/** Behind a load balancer, per-address limits must see the client, not the proxy. */
describe('TRUST_PROXY', () => {
  const garbage = (t: TestApp, forwardedFor: string) =>
    request(t.server).get('/api/v1/rewards').set('authorization', 'Bearer lp_live_nonsense').set('x-forwarded-for', forwardedFor);

  async function exhaust(t: TestApp, forwardedFor: string) {
    for (let i = 0; i < 5; i++) await garbage(t, forwardedFor).expect(401);
    await garbage(t, forwardedFor).expect(429);
  }

  it('with TRUST_PROXY=true, limits failed attempts per forwarded client address', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'true' } });
    try {
      await exhaust(t, '203.0.113.7');
      // Another client behind the same proxy still gets its own budget.
      await garbage(t, '203.0.113.8').expect(401);
    } finally {
      await t.close();
    }
  });

  it('by default, ignores X-Forwarded-For (a client cannot pick a fresh address per request)', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      await exhaust(t, '198.51.100.1');
      await garbage(t, '198.51.100.2').expect(429);
    } finally {
      await t.close();
    }
  });
});
