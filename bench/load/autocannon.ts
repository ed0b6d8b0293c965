import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { isSuccess, LoadOptions, LoadResult, toMs, weightedPicker } from './load-result';
import { fill, needsUniqueValues, RequestTemplate, splitTemplate, valueMaker } from './request-template';

/**
 * How many different requests a scenario without unique values (lookups) cycles through: built
 * once, so that autocannon, which shares the two cores with the service, spends less per request.
 */
const FIXED_REQUESTS = 512;

/**
 * The fallback load generator, in this process: used when wrk is not installed. It costs the
 * shared CPU several times what wrk does per request (docs/performance.md), so the service gets
 * less of the machine and its ratios come out lower. Latencies go into an HDR histogram of our own
 * because autocannon reports no p95.
 */
export async function driveWithAutocannon(options: LoadOptions): Promise<LoadResult> {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const statusCodes: Record<string, number> = {};
  const build = requestBuilder(options);
  const fixed = options.requests.some(needsUniqueValues) ? null : Array.from({ length: FIXED_REQUESTS }, build);
  const instance: any = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    // setupRequest builds a fresh request each time: autocannon would otherwise carry one request's body headers into the next.
    requests: fixed ?? [{ setupRequest: build }],
  } as any);
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    histogram.recordValue(Math.max(1, Math.round(responseTime * 1000))); // microseconds
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
  });
  const result: any = await instance;
  const failed = Object.entries(statusCodes)
    .filter(([code]) => !isSuccess(Number(code)))
    .reduce((n, [, count]) => n + count, 0);
  return {
    requests: histogram.totalCount,
    requests_per_second: Math.round(histogram.totalCount / options.seconds),
    latency_ms: {
      p50: toMs(histogram.getValueAtPercentile(50)),
      p95: toMs(histogram.getValueAtPercentile(95)),
      p99: toMs(histogram.getValueAtPercentile(99)),
      max: toMs(histogram.maxValue),
    },
    errors: failed + result.errors + result.timeouts,
    status_codes: statusCodes,
  };
}

function requestBuilder(options: LoadOptions) {
  const value = valueMaker(options.codes, options.runId);
  const split = new Map<RequestTemplate, { path: string[]; body: string[] | null }>(
    options.requests.map((t) => [t, { path: splitTemplate(t.path), body: t.body === undefined ? null : splitTemplate(t.body) }]),
  );
  const pick = weightedPicker(options.requests);
  const headers = { authorization: `Bearer ${options.apiKey}` };
  return () => {
    const template = pick();
    const parts = split.get(template)!;
    const path = fill(parts.path, value);
    if (!parts.body) return { method: template.method, path, headers };
    return { method: template.method, path, headers: { ...headers, 'content-type': 'application/json' }, body: fill(parts.body, value) };
  };
}
