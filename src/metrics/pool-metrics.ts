import { Gauge } from 'prom-client';
import type { Pool, PoolClient } from 'pg';
import { Metrics } from './metrics';

type ConnectCallback = (error: Error | undefined, client?: PoolClient, release?: (error?: Error) => void) => void;

/**
 * The pool's state as gauges read at scrape time (node-postgres keeps the counts), and the time
 * each checkout waits. node-postgres does not measure that wait, so `connect` is wrapped on the
 * pool instance: `pool.query` and `Database.transaction` both check out through it.
 */
export function measurePool(pool: Pool, maxConnections: number, metrics: Metrics): void {
  poolGauge(metrics, 'loyalpanther_db_pool_connections', 'Open connections in the pool, idle or in use.', () => pool.totalCount);
  poolGauge(metrics, 'loyalpanther_db_pool_idle_connections', 'Open connections in the pool not in use.', () => pool.idleCount);
  poolGauge(metrics, 'loyalpanther_db_pool_waiting_clients', 'Requests waiting for a connection because every one is in use.', () => pool.waitingCount);
  poolGauge(metrics, 'loyalpanther_db_pool_max_connections', 'Connections the pool may open (DB_POOL_SIZE).', () => maxConnections);
  timeCheckouts(pool, metrics);
}

/** Summed over cluster workers, which each have their own pool: the instance's totals. */
function poolGauge(metrics: Metrics, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [metrics.registry],
    aggregator: 'sum',
    collect() {
      this.set(read());
    },
  });
}

function timeCheckouts(pool: Pool, metrics: Metrics): void {
  const connect = pool.connect.bind(pool) as (callback?: ConnectCallback) => Promise<PoolClient> | void;
  const waited = (started: number) => metrics.poolWait.observe((performance.now() - started) / 1000);
  const timed = (callback?: ConnectCallback) => {
    const started = performance.now();
    if (callback) {
      return connect((error, client, release) => {
        waited(started);
        callback(error, client, release);
      });
    }
    return (connect() as Promise<PoolClient>).then(
      (client) => (waited(started), client),
      (error) => {
        waited(started);
        throw error;
      },
    );
  };
  pool.connect = timed as Pool['connect'];
}
