import { runCli } from './support/cli';
import { pos } from './support/fixtures';
import { PosProbeModule } from './support/pos-probe.module';
import { startTestApp, testDatabaseUrl, TestApp } from './support/test-app';

describe('Operator CLI (node dist/cli/main.js)', () => {
  let t: TestApp;
  const cli = (...args: string[]) => runCli(args, testDatabaseUrl());
  beforeAll(async () => {
    t = await startTestApp({ extraModules: [PosProbeModule] });
  });
  afterAll(() => t.close());

  it('creates an organization and a key that the POS API accepts, then revokes it', async () => {
    const org = await cli('org', 'create', '--name', 'CLI Café', '--earn-rate', '1.5', '--timezone', 'Europe/Paris');
    expect(org.code).toBe(0);
    expect(org.json.organization).toEqual(expect.objectContaining({ name: 'CLI Café', earn_rate: 1.5, timezone: 'Europe/Paris' }));
    const orgId = org.json.organization.id;

    const created = await cli('key', 'create', '--org', orgId, '--name', 'till 1');
    expect(created.code).toBe(0);
    const { key, id: keyId } = created.json.api_key;
    expect(key).toMatch(/^lp_live_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
    expect(created.stderr).not.toContain(key);

    expect((await pos(t, key).get('/__probe/whoami').expect(200)).body).toEqual({ organization_id: orgId, api_key_id: keyId });

    const listed = await cli('key', 'list', '--org', orgId);
    expect(listed.code).toBe(0);
    expect(listed.json.api_keys).toEqual([expect.objectContaining({ id: keyId, name: 'till 1', revoked_at: null })]);
    expect(listed.stdout).not.toContain(key.slice(21));

    const revoked = await cli('key', 'revoke', '--org', orgId, '--key-id', keyId);
    expect(revoked.code).toBe(0);
    expect(revoked.json.api_key).toEqual(expect.objectContaining({ id: keyId, revoked_at: expect.any(String) }));

    await pos(t, key).get('/__probe/whoami').expect(401);
  });

  it('refuses bad input with the admin API’s rules, as JSON on stderr with exit status 1', async () => {
    const bad = await cli('org', 'create', '--name', 'x', '--earn-rate', '1.23456');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.json.error).toEqual(expect.objectContaining({ code: 'invalid_request', details: [expect.objectContaining({ field: 'earn_rate' })] }));
    const zone = await cli('org', 'create', '--name', 'x', '--timezone', 'Mars/Olympus');
    expect(zone.json.error.details).toEqual([expect.objectContaining({ field: 'timezone' })]);
    const unknown = await cli('key', 'list', '--org', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.json.error.code).toBe('not_found');
  });

  it('prints its usage with exit status 2 for an unknown command or a missing option', async () => {
    for (const args of [['org', 'drop'], ['key', 'create', '--org', 'x'], []]) {
      const res = await cli(...args);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('Usage:');
    }
  });
});
