import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from './support/service-process';
import { freePort } from './support/test-database';

const ROOT = join(__dirname, '..');

/** The commands of the README's "First award in five commands", in order, as they are written there. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /<!-- first-award:start -->([\s\S]*?)<!-- first-award:end -->/.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no first-award section');
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) => b.split('\n')).filter((line) => line.trim() && !line.trim().startsWith('#'));
}

/** Runs one command line with bash, as a person would paste it, in the project's folder. */
function shell(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("the README's first award in five commands (embedded database, no ADMIN_TOKEN)", () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'loyalpanther-first-award-'));
    chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach it
  });
  afterAll(async () => {
    await service?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves, creates an organization and a key with the CLI beside the running service, registers a customer and awards points', async () => {
    const [start, orgCreate, keyCreate, register, award, ...rest] = readmeCommands();
    expect({ start, rest }).toEqual({ start: 'npm start', rest: [] });

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
    for (const key of ['DATABASE_URL', 'TEST_DATABASE_URL', 'ADMIN_TOKEN', 'LOG_LEVEL']) delete env[key];
    // `npm start` is `npm run build && node dist/main.js`; the suite has built already, and a
    // second build would replace dist/ under the other tests.
    service = new ServiceProcess({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: env.EMBEDDED_PG_PORT!, PORT: String(port), ADMIN_TOKEN: '' }).start();
    await service.listening(180_000);
    // On the empty database it said, once, how to create the first organization and key (just after it listens).
    const hintsNow = () => service!.text.split('\n').filter((line) => line.includes('next_steps'));
    for (const deadline = Date.now() + 10_000; hintsNow().length === 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
    const hints = hintsNow();
    expect(hints).toHaveLength(1);
    expect(JSON.parse(hints[0]).next_steps).toEqual([expect.stringContaining('org create'), expect.stringContaining('key create')]);

    const run = async (command: string, values: Record<string, string> = {}) => {
      let line = command.replaceAll('localhost:3000', `127.0.0.1:${port}`);
      for (const [name, value] of Object.entries(values)) line = line.replaceAll(name, value);
      const result = await shell(line, env);
      expect({ command: line, code: result.code, stderr: result.stderr }).toEqual({ command: line, code: 0, stderr: '' });
      return JSON.parse(result.stdout);
    };
    const organization = (await run(orgCreate)).organization;
    expect(organization).toMatchObject({ name: 'Test Cafe' });
    const apiKey = (await run(keyCreate, { ORG_ID: organization.id })).api_key.key;
    const customer = (await run(register, { API_KEY: apiKey })).customer;
    const awarded = await run(award, { API_KEY: apiKey, LOYALTY_CODE: customer.loyalty_code });
    expect(awarded).toMatchObject({ customer: { loyalty_code: customer.loyalty_code, points_balance: 25 }, points_added: 25, duplicate: false });

    // The CLI left the service's database running: the service still answers.
    expect((await shell(`curl -s -o /dev/null -w '%{http_code}' 127.0.0.1:${port}/readyz`, env)).stdout).toBe('200');
    expect(service.text).not.toMatch(/\bundefined\b/);
  }, 300_000);

  it('refuses a second service on the same DATA_DIR saying why and what to do, never "undefined"', async () => {
    const second = new ServiceProcess({ DATA_DIR: dataDir, PORT: String(await freePort()) }).start();
    expect(await second.exit).not.toBe(0);
    expect(second.text).toMatch(/already running .*Stop that one first, or give this one its own DATA_DIR/);
    expect(second.text).not.toMatch(/\bundefined\b/);
  }, 60_000);

  it('says what went wrong and what to do when the CLI cannot reach its database, never "undefined"', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere` };
    delete env.LOG_LEVEL;
    const result = await shell('node dist/cli/main.js org create --name "Nowhere Cafe"', env);
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stderr).error;
    expect(error.message).toMatch(/is PostgreSQL running/);
    expect(error.message).not.toMatch(/\bundefined\b/);
  }, 60_000);
});
