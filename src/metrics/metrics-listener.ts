import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ErrorCode } from '../common/errors/error-codes';

/** Where the exposition text comes from: this process's registry, or the cluster primary's aggregation of its workers'. */
export interface MetricsSource {
  contentType: string;
  text(): Promise<string>;
}

export const METRICS_PATH = '/metrics';

/**
 * The metrics listener: `GET /metrics` on its own host and port, apart from the APIs, so that it
 * is never public by accident. A plain node:http server: it serves one path to one client, and
 * needs none of the application's hooks, guards or limits. Anything else gets the API's
 * envelope (404 `not_found`); a scrape that fails, 503 `unavailable`.
 */
export class MetricsListener {
  private constructor(private readonly server: Server) {}

  /**
   * Opens it, or logs why it could not and gives undefined: the POS API keeps serving without its
   * metrics (Prometheus then sees the target down), rather than a till losing its service over a
   * monitoring port.
   */
  static async open(host: string, port: number, source: MetricsSource, logger: Logger): Promise<MetricsListener | undefined> {
    const server = createServer((request, response) => void answer(request, response, source, logger));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => (server.off('error', reject), resolve()));
      });
    } catch (error) {
      logger.error({ host, port, reason: (error as Error).message }, 'the metrics listener could not open; serving without metrics');
      return undefined;
    }
    logger.info({ host, port: (server.address() as AddressInfo).port }, 'metrics listening');
    return new MetricsListener(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Prometheus keeps its connection open between scrapes: do not wait for it.
      this.server.closeAllConnections();
    });
  }
}

async function answer(request: IncomingMessage, response: ServerResponse, source: MetricsSource, logger: Logger): Promise<void> {
  const path = (request.url ?? '').split('?')[0];
  if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
    return envelope(response, 404, 'not_found', 'No such route. Metrics are served at GET /metrics.');
  }
  try {
    const text = await source.text();
    response.writeHead(200, { 'content-type': source.contentType, 'content-length': Buffer.byteLength(text) });
    response.end(request.method === 'HEAD' ? undefined : text);
  } catch (error) {
    logger.warn({ reason: (error as Error)?.message }, 'a metrics scrape failed');
    envelope(response, 503, 'unavailable', 'The metrics could not be collected. Safe to retry.');
  }
}

function envelope(response: ServerResponse, status: number, code: ErrorCode, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
