import { StoredStream } from './audit-reads';
import { CHAIN_FINDINGS, Finding, StreamAudit } from './stream-audit';

export interface VerifyCounts {
  streams: number;
  events: number;
  findings: number;
  /** Streams whose hash chain or stream head is wrong. */
  broken_chains: number;
  /** Customers whose projection row differs from the replay, or whose events cannot be replayed. */
  customers_differing: number;
}

/** What verify found in some streams: the counts and one line per finding. Plain data: it crosses threads. */
export interface VerifyReport extends VerifyCounts {
  lines: object[];
}

export function emptyReport(): VerifyReport {
  return { streams: 0, events: 0, findings: 0, broken_chains: 0, customers_differing: 0, lines: [] };
}

/** Counts a judged stream and adds a line per finding, naming the customer. */
export function reportStream(report: VerifyReport, audit: StreamAudit, stored: StoredStream | undefined, findings: Finding[]): void {
  report.streams++;
  report.events += audit.events;
  if (!findings.length) return;
  report.findings += findings.length;
  if (findings.some((f) => CHAIN_FINDINGS.has(f.finding))) report.broken_chains++;
  if (findings.some((f) => !CHAIN_FINDINGS.has(f.finding))) report.customers_differing++;
  const customer = stored?.customer?.loyaltyCode ?? audit.state.loyaltyCode;
  for (const finding of findings) report.lines.push({ ...finding, organization_id: audit.organizationId, customer, stream_id: audit.streamId });
}

/** Adds `part`'s counts to `total` (its lines are written by the caller). */
export function addCounts(total: VerifyCounts, part: VerifyCounts): void {
  total.streams += part.streams;
  total.events += part.events;
  total.findings += part.findings;
  total.broken_chains += part.broken_chains;
  total.customers_differing += part.customers_differing;
}
