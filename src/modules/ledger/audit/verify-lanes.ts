import { Client, ClientConfig } from 'pg';
import type { Database } from '../../../database/database';
import { auditPartition } from './partition-audit';
import { Partition } from './verify-partitions';
import { VerifyReport } from './verify-report';
import { Lane, LaneSettings, startThreads, ThreadLane, threadsAvailable } from './verify-threads';

/** The pool's connection settings (URL, credentials, TLS, statement timeout) for connections of verify's own. */
export function connectionSettingsOf(database: Database): ClientConfig {
  const options = database.pool.options as unknown as Record<string, unknown>;
  const keys = [
    'connectionString',
    'host',
    'port',
    'user',
    'password',
    'database',
    'ssl',
    'application_name',
    'statement_timeout',
    'connectionTimeoutMillis',
    'keepAlive',
  ];
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined && typeof options[k] !== 'function').map((k) => [k, options[k]])) as ClientConfig;
}

/**
 * `count` lanes: worker threads when the compiled worker exists (those `started` ahead first, the
 * ones not needed closed), else connections on this thread.
 */
export async function openLanes(count: number, settings: LaneSettings, started: ThreadLane[] = []): Promise<Lane[]> {
  await Promise.all(started.slice(count).map((thread) => thread.close()));
  if (threadsAvailable()) return [...started.slice(0, count), ...startThreads(Math.max(0, count - started.length))].map((thread) => thread.open(settings));
  const lanes: Lane[] = [];
  try {
    for (let i = 0; i < count; i++) lanes.push(await InProcessLane.open(settings));
  } catch (error) {
    await Promise.all(lanes.map((lane) => lane.close()));
    throw error;
  }
  return lanes;
}

class InProcessLane implements Lane {
  private constructor(
    private readonly client: Client,
    private readonly batchSize: number,
  ) {}

  static async open(settings: LaneSettings): Promise<InProcessLane> {
    const client = new Client(settings.connection);
    // A dropped idle connection must not throw from an event: the next statement fails instead.
    client.on('error', () => undefined);
    await client.connect();
    return new InProcessLane(client, settings.batchSize);
  }

  audit(partition: Partition): Promise<VerifyReport> {
    return auditPartition(this.client, partition, this.batchSize);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
