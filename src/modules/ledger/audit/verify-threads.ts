import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClientConfig } from 'pg';
import type { Partition } from './verify-partitions';
import type { VerifyReport } from './verify-report';

/**
 * Verify's worker threads (verify-worker.ts), each auditing partitions on a connection of its own.
 * This file loads nothing but Node's own modules, so the ledger CLI can start the threads first:
 * they load their code (node-postgres, the audit) on another core while the CLI opens the database.
 */

/** Something that audits partitions one at a time on a connection of its own. */
export interface Lane {
  audit(partition: Partition): Promise<VerifyReport>;
  close(): Promise<void>;
}

/** What a lane connects with. */
export interface LaneSettings {
  connection: ClientConfig;
  /** Events per read when a stream is audited again by the reference code. */
  batchSize: number;
}

export type WorkerRequest = { open: LaneSettings } | { partition: Partition } | { close: true };
export type WorkerReply = { report: VerifyReport } | { error: { message: string; code?: string; stack?: string } };

/** The compiled worker script. Under the test runner the sources are TypeScript: lanes then run in-process. */
const WORKER_SCRIPT = join(__dirname, 'verify-worker.js');

/** How many lanes verify runs at once: as asked, else one per core. */
export function laneCount(requested?: number): number {
  return Math.max(1, requested ?? availableParallelism());
}

export function threadsAvailable(): boolean {
  return existsSync(WORKER_SCRIPT);
}

/** `count` worker threads, loading their code until `open` gives them their connection; none without the compiled worker. */
export function startThreads(count: number): ThreadLane[] {
  return threadsAvailable() ? Array.from({ length: count }, () => new ThreadLane()) : [];
}

/** A worker thread: the hashing of each partition on a core of its own. */
export class ThreadLane implements Lane {
  private readonly worker = new Worker(WORKER_SCRIPT);
  private pending: { resolve: (report: VerifyReport) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor() {
    this.worker.on('message', (reply: WorkerReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`a verify worker exited (${code})`)));
  }

  /** Connects the thread (it may still be loading: the message waits for it). */
  open(settings: LaneSettings): this {
    this.worker.postMessage({ open: settings } satisfies WorkerRequest);
    return this;
  }

  audit(partition: Partition): Promise<VerifyReport> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ partition } satisfies WorkerRequest);
    });
  }

  /** Ends the thread once; closing it again waits for the same end. */
  close(): Promise<void> {
    if (this.failure) return Promise.resolve();
    this.closing ??= new Promise((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ close: true } satisfies WorkerRequest);
    });
    return this.closing;
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
