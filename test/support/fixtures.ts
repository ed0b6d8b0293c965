import request from 'supertest';
import { TEST_ADMIN_TOKEN } from './admin-token';
import { TestApp } from './test-app';

export { TEST_ADMIN_TOKEN };

export const admin = (t: TestApp) => ({
  post: (path: string, body: object) => request(t.server).post(`/api/admin/v1${path}`).set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`).send(body),
  patch: (path: string, body: object) => request(t.server).patch(`/api/admin/v1${path}`).set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`).send(body),
  get: (path: string) => request(t.server).get(`/api/admin/v1${path}`).set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`),
  delete: (path: string) => request(t.server).delete(`/api/admin/v1${path}`).set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`),
});

/** A POS client for one API key. */
export const pos = (t: TestApp, key: string) => ({
  post: (path: string, body: object) => request(t.server).post(`/api/v1${path}`).set('authorization', `Bearer ${key}`).send(body),
  patch: (path: string, body: object) => request(t.server).patch(`/api/v1${path}`).set('authorization', `Bearer ${key}`).send(body),
  get: (path: string) => request(t.server).get(`/api/v1${path}`).set('authorization', `Bearer ${key}`),
});

export interface TestOrganization {
  id: string;
  key: string;
}

/** Creates an organization (optionally with earn_rate/timezone) and an API key for it, through the admin API. */
export async function createOrganization(t: TestApp, body: Record<string, unknown> = {}): Promise<TestOrganization> {
  const org = await admin(t)
    .post('/organizations', { name: 'Test Café', ...body })
    .expect(201);
  const key = await admin(t).post(`/organizations/${org.body.organization.id}/api-keys`, { name: 'till 1' }).expect(201);
  return { id: org.body.organization.id, key: key.body.api_key.key };
}
