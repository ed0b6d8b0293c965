/** An event as a handler proposes it, before the store gives it a position and a hash. */
export interface NewEvent<D = Record<string, unknown>> {
  /** A stable, past-tense type string such as `points.awarded`; never a class name. */
  type: string;
  schemaVersion?: number;
  data: D;
  metadata?: Record<string, unknown>;
  /** When it happened in the world (e.g. the sale time); defaults to now. */
  occurredAt?: Date;
  /** Lets a caller choose the id (e.g. to answer with it); a random UUID otherwise. */
  eventId?: string;
}

export interface StoredEvent<D = Record<string, unknown>> {
  position: number;
  transactionId: string;
  organizationId: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: D;
  metadata: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
  prevHash: string | null;
  hash: string;
}

/** What an appender must know of a stream: its version and the hash its next event chains to. */
export interface StreamHead {
  version: number;
  lastHash: string | null;
}

export const NO_STREAM: StreamHead = Object.freeze({ version: 0, lastHash: null });

export interface StreamRef {
  organizationId: string;
  streamId: string;
  /** What kind of stream this is (`customer`); recorded when the stream is created. */
  streamType: string;
}

/** Where a feed reader stands: after this event in commit-safe order. */
export interface FeedCursor {
  transactionId: string;
  position: number;
}

export const FEED_START: FeedCursor = Object.freeze({ transactionId: '0', position: 0 });
