import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client, ClientConfig } from 'pg';
import type { Database } from '../../../database/database';
import { auditPartition } from './partition-audit';
import { Partition } from './verify-partitions';
import { VerifyReport } from './verify-report';

/** Something that audits partitions one at a time on a connection of its own. */
export interface Lane {
  audit(partition: Partition): Promise<VerifyReport>;
  close(): Promise<void>;
}

/** What a worker thread is started with. */
export interface LaneSettings {
  connection: ClientConfig;
  /** Events per read when a stream is audited again by the reference code. */
  batchSize: number;
}

export type WorkerRequest = { partition: Partition } | { close: true };
export type WorkerReply = { report: VerifyReport } | { error: { message: string; code?: string; stack?: string } };

/** The compiled worker script. Under the test runner the sources are TypeScript: lanes then run in-process. */
const WORKER_SCRIPT = join(__dirname, 'verify-worker.js');

/** The pool's connection settings (URL, credentials, TLS, statement timeout) for connections of verify's own. */
export function connectionSettingsOf(database: Database): ClientConfig {
  const options = database.pool.options as unknown as Record<string, unknown>;
  const keys = ['connectionString', 'host', 'port', 'user', 'password', 'database', 'ssl', 'application_name', 'statement_timeout', 'connectionTimeoutMillis', 'keepAlive'];
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined && typeof options[k] !== 'function').map((k) => [k, options[k]])) as ClientConfig;
}

/** `count` lanes: worker threads when the compiled worker exists, else connections on this thread. */
export async function openLanes(count: number, settings: LaneSettings): Promise<Lane[]> {
  const threads = existsSync(WORKER_SCRIPT);
  const lanes: Lane[] = [];
  try {
    for (let i = 0; i < count; i++) lanes.push(threads ? new ThreadLane(settings) : await InProcessLane.open(settings));
  } catch (error) {
    await Promise.all(lanes.map((lane) => lane.close()));
    throw error;
  }
  return lanes;
}

class InProcessLane implements Lane {
  private constructor(private readonly client: Client, private readonly batchSize: number) {}

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

/** A worker thread (verify-worker.ts): the hashing of each partition on a core of its own. */
class ThreadLane implements Lane {
  private readonly worker: Worker;
  private pending: { resolve: (report: VerifyReport) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(settings: LaneSettings) {
    this.worker = new Worker(WORKER_SCRIPT, { workerData: settings });
    this.worker.on('message', (reply: WorkerReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`a verify worker exited (${code})`)));
  }

  audit(partition: Partition): Promise<VerifyReport> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ partition } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage({ close: true } satisfies WorkerRequest);
    await exited;
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending;
    this.pending = null;
    if ('report' in reply) pending?.resolve(reply.report);
    else pending?.reject(Object.assign(new Error(reply.error.message), reply.error));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pending?.reject(error);
    this.pending = null;
  }
}
