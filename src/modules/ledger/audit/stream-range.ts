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

/** The SQL condition for `range` on the given key columns. Keys are checked uuids, written as literals (COPY takes no parameters). */
export function keyRangeCondition(range: StreamRange, organizationColumn: string, streamColumn: string): string {
  const conditions: string[] = [];
  const key = `(${organizationColumn}, ${streamColumn})`;
  if (range.organizationId) conditions.push(`${organizationColumn} = ${uuidLiteral(range.organizationId)}`);
  if (range.from) conditions.push(`${key} >= (${uuidLiteral(range.from.organizationId)}, ${uuidLiteral(range.from.streamId)})`);
  if (range.to) conditions.push(`${key} < (${uuidLiteral(range.to.organizationId)}, ${uuidLiteral(range.to.streamId)})`);
  return conditions.length ? conditions.join(' AND ') : 'true';
}

/** Its own check rather than the HTTP pipe's: the verify workers load no framework. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidLiteral(value: string): string {
  if (!UUID.test(value)) throw new Error(`not a uuid: ${JSON.stringify(value)}`);
  return `'${value}'::uuid`;
}

export function streamKey(s: StreamKey): string {
  return `${s.organizationId}/${s.streamId}`;
}
