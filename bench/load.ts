import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export interface LoadResult {
  requests: number;
  requests_per_second: number;
  latency_ms: { p50: number; p95: number; p99: number; max: number };
  errors: number;
  status_codes: Record<string, number>;
}

function toAutocannon(r: LoadRequest, apiKey: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  if (r.body === undefined) return { method: r.method, path: r.path, headers };
  return { method: r.method, path: r.path, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(r.body) };
}

/**
 * Drives the service for `seconds` with `connections` keep-alive connections. `next` builds each
 * request (so refs stay unique and customers spread). Latencies go into an HDR histogram of our
 * own, because autocannon reports no p95. Non-2xx answers count as errors unless `expected` says so.
 */
export async function drive(options: {
  url: string;
  apiKey: string;
  connections: number;
  seconds: number;
  next: () => LoadRequest;
  /** Requests to cycle through instead of building each with `next` (scenarios.ts). */
  fixed?: LoadRequest[];
  expected?: (status: number) => boolean;
}): Promise<LoadResult> {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const statusCodes: Record<string, number> = {};
  const instance: any = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: options.fixed
      ? options.fixed.map((r) => toAutocannon(r, options.apiKey))
      : [
          {
            // A fresh request each time: autocannon would otherwise carry one request's body headers into the next.
            setupRequest: () => toAutocannon(options.next(), options.apiKey),
          },
        ],
  } as any);
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    histogram.recordValue(Math.max(1, Math.round(responseTime * 1000))); // microseconds
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
  });
  const result: any = await instance;
  const expected = options.expected ?? ((s: number) => s >= 200 && s < 300);
  const unexpected = Object.entries(statusCodes).filter(([code]) => !expected(Number(code))).reduce((n, [, count]) => n + count, 0);
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    requests: histogram.totalCount,
    requests_per_second: Math.round(histogram.totalCount / options.seconds),
    latency_ms: { p50: ms(histogram.getValueAtPercentile(50)), p95: ms(histogram.getValueAtPercentile(95)), p99: ms(histogram.getValueAtPercentile(99)), max: ms(histogram.maxValue) },
    errors: unexpected + result.errors + result.timeouts,
    status_codes: statusCodes,
  };
}
