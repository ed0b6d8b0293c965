import { RequestTemplate } from './request-template';

/** What a load generator is asked to do, whichever one runs it. */
export interface LoadOptions {
  url: string;
  apiKey: string;
  connections: number;
  seconds: number;
  requests: RequestTemplate[];
  /** The seeded customers' loyalty codes, for `{code}`. */
  codes: readonly string[];
  /** Makes this run's `{ref}` values unique among every run against the same database. */
  runId: string;
}

/** What every load generator reports; any non-2xx answer, socket error or timeout is an error. */
export interface LoadResult {
  requests: number;
  requests_per_second: number;
  latency_ms: { p50: number; p95: number; p99: number; max: number };
  errors: number;
  status_codes: Record<string, number>;
}

export const isSuccess = (status: number) => status >= 200 && status < 300;

/** Microseconds to milliseconds with two decimals. */
export const toMs = (us: number) => Math.round(us / 10) / 100;

/** Picks a template by weight. */
export function weightedPicker(templates: RequestTemplate[]): () => RequestTemplate {
  if (templates.length === 1) return () => templates[0];
  const total = templates.reduce((sum, t) => sum + t.weight, 0);
  return () => {
    let roll = Math.random() * total;
    for (const t of templates) if ((roll -= t.weight) < 0) return t;
    return templates[templates.length - 1];
  };
}
