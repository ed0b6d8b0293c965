import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { auditPartition } from './partition-audit';
import type { LaneSettings, WorkerReply, WorkerRequest } from './verify-lanes';

/**
 * A verify worker thread: one connection of its own, one partition at a time, as the main thread
 * asks (verify-lanes.ts). It loads the audit code and node-postgres, nothing of the framework.
 */
const settings = workerData as LaneSettings;
const port = parentPort!;
const client = new Client(settings.connection);
// A dropped idle connection must not throw from an event: the next statement fails instead.
client.on('error', () => undefined);
const connected = client.connect();
// Reported with the first partition rather than as an unhandled rejection.
connected.catch(() => undefined);

port.on('message', async (request: WorkerRequest) => {
  if ('close' in request) {
    await client.end().catch(() => undefined);
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
