import { CustomerState, ReplayError, UNREGISTERED } from '../../../customer-stream/customer-state';
import { applyStoredEvent } from '../../../customer-stream/stored-customer-event';
import { StreamAudit } from '../stream-audit';

/** A hash as stored: 64 lower-case hex digits. */
export const HASH_LENGTH = 64;
/**
 * Events a stream may hold ahead of their turn. Writers place a stream's events a few pages apart
 * at most; a stream stored further out of order is audited again (reading it in version order)
 * rather than held in memory.
 */
export const MAX_EARLY_EVENTS = 64;

/**
 * What the tally needs of an event: its place in the chain, whether its hash holds, what the replay
 * reads (the event's type, schema version and whole data). The hashes stay bytes (compared, copied), never strings: one event costs no allocation.
 */
export interface TalliedEvent {
  version: number;
  hashOk: boolean;
  type: string;
  schemaVersion: number;
  data: unknown;
  /** Whether its prev_hash is `previous` (the previous event's hash; null before the first). */
  follows(previous: Uint8Array | null): boolean;
  /** Copies its hash (HASH_LENGTH bytes) into `target`. */
  hashInto(target: Uint8Array): void;
  /** A copy that outlives the row it was read from. */
  keep(): TalliedEvent;
}

/**
 * One stream's events as verify's fast path meets them: in the order the table stores them, which
 * is not always version order (concurrent writers fill different pages). Events are applied in
 * version order, early ones held until the versions before them arrive; the tally is mutated in
 * place, for speed, where `auditEvent` builds a new audit per event.
 *
 * The tally only tells a stream that is sound, whose audit it then gives exactly as folding
 * `auditEvent` over its events would, from one that is not: anything off (a hash, a link, a
 * version seen twice or missing, an event the replay refuses) makes it `suspect`, and verify
 * audits that stream again with the reference code to say what is wrong.
 */
export class StreamTally {
  events = 0;
  suspect = false;
  /** The replayed customer, as `applyStoredEvent` returns it: the tally knows nothing of its members. */
  private state: CustomerState = UNREGISTERED;
  private next = 1;
  /** Events ahead of the next version: a few at most (writers are only so far apart), so a list. */
  private early: TalliedEvent[] | null = null;

  /**
   * @param lastHash where the stream's last hash is kept (HASH_LENGTH bytes): StreamTallies gives
   * each tally a slice of one shared block, which keeps a partition's hashes close together in
   * memory (each is read and written once per event, at random among thousands of streams).
   */
  constructor(
    readonly organizationId: string,
    readonly streamId: string,
    private readonly lastHash: Uint8Array = new Uint8Array(HASH_LENGTH),
  ) {}

  add(event: TalliedEvent): void {
    this.events++;
    if (this.suspect) return;
    if (event.version === this.next) {
      this.apply(event);
      this.applyEarly();
    } else if (event.version > this.next && !this.earlyAt(event.version) && (this.early?.length ?? 0) < MAX_EARLY_EVENTS) {
      (this.early ??= []).push(event.keep());
    } else {
      // A version seen twice, or too many held.
      this.suspect = true;
      this.early = null;
    }
  }

  /** The stream's audit once all its events are in; null when it must be audited again. */
  finish(): StreamAudit | null {
    if (this.suspect || this.early?.length) return null;
    return {
      organizationId: this.organizationId,
      streamId: this.streamId,
      events: this.events,
      lastVersion: this.next - 1,
      lastHash: this.next > 1 ? Buffer.from(this.lastHash).toString('latin1') : null,
      chainBreak: null,
      state: this.state,
      replayFailure: null,
    };
  }

  private apply(event: TalliedEvent): void {
    if (!event.hashOk || !event.follows(this.next > 1 ? this.lastHash : null)) {
      this.suspect = true;
      return;
    }
    try {
      this.state = applyStoredEvent(this.state, event);
    } catch (error) {
      if (!(error instanceof ReplayError)) throw error;
      this.suspect = true;
      return;
    }
    event.hashInto(this.lastHash);
    this.next++;
  }

  private applyEarly(): void {
    for (let event = this.earlyAt(this.next); event && !this.suspect; event = this.earlyAt(this.next)) {
      this.early!.splice(this.early!.indexOf(event), 1);
      this.apply(event);
    }
  }

  private earlyAt(version: number): TalliedEvent | undefined {
    const early = this.early;
    if (early) for (const event of early) if (event.version === version) return event;
    return undefined;
  }
}
