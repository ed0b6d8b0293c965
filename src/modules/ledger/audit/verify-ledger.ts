import { Database, Sql } from '../../../database/database';
import { Tier } from '../../points/policy/tier';
import { LineSink, writeJsonLine } from '../json-lines';
import { EVENTS_START, EventKey, NIL_UUID, readEventBatch, readStoredStreams, readStreamPage, readTiers, StoredStream } from './audit-reads';
import { AuditedEvent, auditEvent, auditFindings, CHAIN_FINDINGS, startAudit, StreamAudit } from './stream-audit';

export interface VerifyOptions {
  organizationId?: string;
  /** Events per read (each read is one short snapshot). */
  batchSize?: number;
}

export interface VerifySummary {
  ok: boolean;
  streams: number;
  events: number;
  findings: number;
  /** Streams whose hash chain or stream head is wrong. */
  broken_chains: number;
  /** Customers whose projection row differs from the replay, or whose events cannot be replayed. */
  customers_differing: number;
}

/**
 * `ledger verify`: walks every event in (organization, stream, version) order, one stream at a
 * time, recomputing its hash chain and replaying it; compares each stream with its stored head and
 * projection row. Writes one JSON line per finding, then `{ "summary": … }`; memory holds one
 * stream's state and one batch of events, whatever the size of the ledger.
 */
export async function verifyLedger(database: Database, out: LineSink, options: VerifyOptions = {}): Promise<VerifySummary> {
  const run = new VerifyRun(database, out);
  await run.walkEvents(options.batchSize ?? 2000, options.organizationId);
  await run.findEmptyStreams(options.batchSize ?? 2000, options.organizationId);
  const summary = run.summary();
  await writeJsonLine(out, { summary });
  return summary;
}

interface OpenStream {
  audit: StreamAudit;
  stored: StoredStream | undefined;
}

class VerifyRun {
  private readonly counts = { streams: 0, events: 0, findings: 0, broken_chains: 0, customers_differing: 0 };
  private tiers: { organizationId: string; tiers: Tier[] } | null = null;
  /** The stream being walked: its audit so far and its stored rows. */
  private open: OpenStream | null = null;

  constructor(
    private readonly database: Database,
    private readonly out: LineSink,
  ) {}

  /**
   * Each batch of events and the stored heads and rows of its streams are read in one
   * repeatable-read snapshot, and a stream is judged against what was stored in the last snapshot
   * it appeared in: so a customer served while verify runs is not reported as a difference.
   */
  async walkEvents(batchSize: number, organizationId?: string): Promise<void> {
    let after: EventKey = organizationId ? { ...EVENTS_START, organizationId } : EVENTS_START;
    for (;;) {
      const { events, stored } = await this.snapshot((tx) => this.readBatch(tx, after, batchSize, organizationId));
      for (const event of events) await this.take(event, stored.get(streamKey(event)));
      if (events.length < batchSize) break;
      after = events[events.length - 1];
    }
    if (this.open) await this.close(this.open);
  }

  /** Adds an event to the open stream, judging the previous stream first when this one is new. */
  private async take(event: AuditedEvent, stored: StoredStream | undefined): Promise<void> {
    if (this.open && streamKey(this.open.audit) !== streamKey(event)) {
      await this.close(this.open);
      this.open = null;
    }
    const open = this.open ?? { audit: startAudit(event.organizationId, event.streamId), stored: undefined };
    this.open = { audit: auditEvent(open.audit, event), stored: stored ?? open.stored };
  }

  /** Streams with no event left at all (every event removed) are judged too: as empty streams. */
  async findEmptyStreams(batchSize: number, organizationId?: string): Promise<void> {
    let after = { organizationId: organizationId ?? NIL_UUID, streamId: NIL_UUID };
    for (;;) {
      const page = await readStreamPage(this.database, after, batchSize, organizationId);
      for (const stream of page.filter((s) => !s.hasEvents)) await this.close({ audit: startAudit(stream.organizationId, stream.streamId), stored: stream });
      if (page.length < batchSize) return;
      after = page[page.length - 1];
    }
  }

  summary(): VerifySummary {
    return { ok: this.counts.findings === 0, ...this.counts };
  }

  private async readBatch(tx: Sql, after: EventKey, batchSize: number, organizationId?: string) {
    const events = await readEventBatch(tx, after, batchSize, organizationId);
    const keys = [...new Map(events.map((e) => [streamKey(e), { organizationId: e.organizationId, streamId: e.streamId }])).values()];
    const stored = new Map((await readStoredStreams(tx, keys)).map((s) => [streamKey(s), s]));
    return { events, stored };
  }

  /** Judges a finished stream and reports what differs. */
  private async close({ audit, stored }: OpenStream): Promise<void> {
    this.counts.streams++;
    this.counts.events += audit.events;
    const findings = auditFindings(audit, { head: stored?.head ?? null, customer: stored?.customer ?? null }, await this.tiersOf(audit.organizationId));
    if (!findings.length) return;
    this.counts.findings += findings.length;
    if (findings.some((f) => CHAIN_FINDINGS.has(f.finding))) this.counts.broken_chains++;
    if (findings.some((f) => !CHAIN_FINDINGS.has(f.finding))) this.counts.customers_differing++;
    const customer = stored?.customer?.loyaltyCode ?? audit.state.loyaltyCode;
    for (const finding of findings) {
      await writeJsonLine(this.out, { ...finding, organization_id: audit.organizationId, customer, stream_id: audit.streamId });
    }
  }

  /** Streams come grouped by organization, so one organization's tiers are held at a time. */
  private async tiersOf(organizationId: string): Promise<Tier[]> {
    if (this.tiers?.organizationId !== organizationId) this.tiers = { organizationId, tiers: await readTiers(this.database, organizationId) };
    return this.tiers.tiers;
  }

  private snapshot<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.database.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return work(tx);
    });
  }
}

function streamKey(s: { organizationId: string; streamId: string }): string {
  return `${s.organizationId}/${s.streamId}`;
}
