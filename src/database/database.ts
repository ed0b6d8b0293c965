import { types, type Pool, type PoolClient, type QueryConfig, type QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import { StatementNames } from './statement-names';

/**
 * A SQL `date` is a calendar day, not an instant: keep it as its 'YYYY-MM-DD' text instead of a
 * Date at local midnight, which would shift it by a day on a server east of UTC.
 */
const DATE_OID = 1082;
types.setTypeParser(DATE_OID, (text) => text);

/** node-postgres gave up waiting for an answer (query_timeout): the server or the network is silent. */
function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

/** What repositories and the event store need: run one statement, get its rows. */
export interface Sql {
  query<R extends QueryResultRow = any>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/**
 * The service's access to PostgreSQL. TypeORM owns the connection pool and the migrations; the
 * queries go straight to node-postgres on that pool, so that the write path controls its own
 * statements and round trips (TypeORM's `query()` reshapes results by command type).
 */
export class Database implements Sql {
  readonly pool: Pool;
  private readonly statements = new StatementNames();

  constructor(readonly dataSource: DataSource) {
    this.pool = (dataSource.driver as any).master as Pool;
  }

  query<R extends QueryResultRow = any>(text: string, params?: unknown[]) {
    return this.pool.query<R>(this.prepared(text, params));
  }

  /** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: unknown;
    // While checked out, a client has no listener of the pool's: a connection dropped between two
    // statements (database restart, network cut, pg_terminate_backend) would emit 'error' to
    // nobody and take the whole process down. The next statement fails anyway (503); note it.
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work({ query: (text, params) => client.query(this.prepared(text, params)) });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection gone silent (the client gave up waiting: query_timeout) would make the ROLLBACK
      // wait as long again, for nothing: destroying the connection rolls the transaction back.
      if (isReadTimeout(error)) broken ??= error;
      else await client.query('ROLLBACK').catch((e) => (broken = e));
      throw error;
    } finally {
      client.off('error', onError);
      // A connection that failed, or whose rollback failed, is in an unknown state: destroy it rather than reuse it.
      (client as PoolClient).release(broken as Error | undefined);
    }
  }

  /**
   * A statement with parameters runs as a named, prepared one (see StatementNames); one without
   * (BEGIN, COMMIT, SET …) keeps the simple protocol, which costs a single message.
   */
  private prepared(text: string, params?: unknown[]): QueryConfig {
    if (!params?.length || process.env.LP_UNNAMED) return { text, values: params as any[] };
    return { name: this.statements.nameOf(text), text, values: params as any[] };
  }

  /** True when a trivial query answers within the pool's connection timeout. */
  async isReachable(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
