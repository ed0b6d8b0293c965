import { createHash } from 'node:crypto';

/**
 * The opaque `before` cursor of an activity page: the stream version to continue below, and a tag
 * of the customer's stream (a hash of the organization and stream ids: it names the customer
 * without showing their internal id). A cursor is good only for the customer it was made for: one
 * from another customer or organization has another tag and is refused (400), never read as a
 * place in this customer's history. The tag is no secret: a caller who forges a cursor for their
 * own customer only picks where to start reading what they may read anyway.
 */

const TAG_LENGTH = 16;
/** stream_version is a PostgreSQL integer. */
const MAX_VERSION = 2_147_483_647;

export interface StreamOf {
  organizationId: string;
  streamId: string;
}

export interface ActivityCursor {
  /** Items come from versions below this one. */
  beforeVersion: number;
  tag: string;
}

export function streamTag(stream: StreamOf): string {
  return createHash('sha256').update(`${stream.organizationId}/${stream.streamId}`).digest('base64url').slice(0, TAG_LENGTH);
}

export function encodeActivityCursor(stream: StreamOf, beforeVersion: number): string {
  return Buffer.from(`${beforeVersion}.${streamTag(stream)}`).toString('base64url');
}

/** The cursor's parts; null when the text is not a cursor this service made. */
export function decodeActivityCursor(text: string): ActivityCursor | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(text)) return null;
  const match = /^([1-9]\d{0,9})\.([A-Za-z0-9_-]+)$/.exec(Buffer.from(text, 'base64url').toString('latin1'));
  if (!match || match[2].length !== TAG_LENGTH) return null;
  const beforeVersion = Number(match[1]);
  return beforeVersion <= MAX_VERSION ? { beforeVersion, tag: match[2] } : null;
}

/** Whether the cursor was made for this customer's stream. */
export function isCursorOf(cursor: ActivityCursor, stream: StreamOf): boolean {
  return cursor.tag === streamTag(stream);
}
