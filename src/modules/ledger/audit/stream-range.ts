import { isUuid } from '../../../common/uuid';

/** A stream's key: what the ledger is ordered and cut by. */
export interface StreamKey {
  organizationId: string;
  streamId: string;
}

/** A range of stream keys: whole streams, never part of one. */
export interface StreamRange {
  /** Only this organization's streams (verify --org). */
  organizationId?: string;
  /** From this stream on; from the first when absent. */
  from?: StreamKey;
  /** Up to (not including) this stream; to the last when absent. */
  to?: StreamKey;
}

/**
 * The SQL condition for `range` on the given key columns. Keys are checked uuids, written as
 * literals (COPY takes no parameters). Within one organization (--org, or a range that starts and
 * ends in the same one) the bounds are on the stream id alone: the planner estimates those from
 * its statistics (and picks a bitmap scan for a small range), where it guesses at a row comparison.
 */
export function keyRangeCondition(range: StreamRange, organizationColumn: string, streamColumn: string): string {
  const conditions: string[] = [];
  const organizationId = range.organizationId ?? (range.from && range.from.organizationId === range.to?.organizationId ? range.from.organizationId : undefined);
  const bound = (op: string, key: StreamKey) =>
    key.organizationId === organizationId
      ? `${streamColumn} ${op} ${uuidLiteral(key.streamId)}`
      : `(${organizationColumn}, ${streamColumn}) ${op} (${uuidLiteral(key.organizationId)}, ${uuidLiteral(key.streamId)})`;
  if (organizationId) conditions.push(`${organizationColumn} = ${uuidLiteral(organizationId)}`);
  if (range.from) conditions.push(bound('>=', range.from));
  if (range.to) conditions.push(bound('<', range.to));
  return conditions.length ? conditions.join(' AND ') : 'true';
}

function uuidLiteral(value: string): string {
  if (!isUuid(value)) throw new Error(`not a uuid: ${JSON.stringify(value)}`);
  return `'${value}'::uuid`;
}

export function streamKey(s: StreamKey): string {
  return `${s.organizationId}/${s.streamId}`;
}
