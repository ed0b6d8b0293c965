import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'main.js');

export function requireBuild(): void {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: `npm test` builds first; run `npm run build` before jest alone.');
}

/** The built service (`node dist/main.js`) as its own process, the way operators run it. */
export class ServiceProcess {
  readonly output: string[] = [];
  private child?: ChildProcess;
  exit?: Promise<number | null>;

  constructor(
    private readonly env: Record<string, string>,
    private readonly script = MAIN,
  ) {}

  start(): this {
    requireBuild();
    // Metrics off unless a test asks for them: the default port (9464) is one for the whole
    // machine, and services of parallel tests (or other runs) would contend for it.
    // The expiry job too (EXPIRY_INTERVAL_S 0): the run's database is shared with other tests' lots.
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', METRICS_PORT: '0', EXPIRY_INTERVAL_S: '0', ...this.env };
    for (const key of ['DATABASE_URL', 'TEST_DATABASE_URL']) if (!(key in this.env)) delete env[key];
    this.child = spawn(process.execPath, [this.script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => this.output.push(d.toString()));
    this.child.stderr!.on('data', (d) => this.output.push(d.toString()));
    this.exit = new Promise((resolve) => this.child!.on('exit', (code) => resolve(code)));
    return this;
  }

  get text(): string {
    return this.output.join('');
  }

  get pid(): number {
    return this.child!.pid!;
  }

  /** Resolves once the log says the service listens; rejects if it exits first. */
  async listening(timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.text.includes('LoyalPanther is listening')) {
      if (this.child!.exitCode !== null) throw new Error(`service exited (${this.child!.exitCode}):\n${this.text}`);
      if (Date.now() > deadline) throw new Error(`service did not start in time:\n${this.text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child!.exitCode === null) this.child!.kill(signal);
    return this.exit!;
  }
}

/** Runs a built script to completion and returns its exit code and output. */
export function runScript(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const service = new ServiceProcess(env, join(ROOT, script)).start();
  return service.exit!.then((code) => ({ code, output: service.text }));
}
