import type { TestDatabase } from './test-database';

export default async function globalTeardown() {
  const database: TestDatabase | undefined = (globalThis as any).__LOYALPANTHER_TEST_DB__;
  await database?.drop();
}
