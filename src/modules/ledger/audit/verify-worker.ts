import { parentPort } from 'node:worker_threads';
import { Client } from 'pg';
import { auditPartition } from './partition-audit';
import type { LaneSettings, WorkerReply, WorkerRequest } from './verify-threads';

/**
 * A verify worker thread: one connection of its own (given by the first message), one partition
 * at a time, as the main thread asks (verify-threads.ts). It loads the audit code and
 * node-postgres, nothing of the framework.
 */
const port = parentPort!;
let settings: LaneSettings;
let client: Client;
let connected: Promise<unknown>;

port.on('message', async (request: WorkerRequest) => {
  if ('open' in request) {
    settings = request.open;
    client = new Client(settings.connection);
    // A dropped idle connection must not throw from an event: the next statement fails instead.
    client.on('error', () => undefined);
    connected = client.connect();
    // Reported with the first partition rather than as an unhandled rejection.
    connected.catch(() => undefined);
    return;
  }
  if ('close' in request) {
    await client?.end().catch(() => undefined);
    port.close();
    return;
  }
  let reply: WorkerReply;
  try {
    await connected;
    reply = { report: await auditPartition(client, request.partition, settings.batchSize) };
  } catch (error) {
    const { message, code, stack } = error as Error & { code?: string };
    reply = { error: { message: String(message ?? error), code, stack } };
  }
  port.postMessage(reply);
});
