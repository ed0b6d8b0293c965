import { Sql } from '../../../database/database';
import { readStreamEvents } from './audit-reads';
import { auditEvent, startAudit, StreamAudit } from './stream-audit';

/**
 * The reference audit of one stored stream: its events read in version order, `batchSize` per read
 * (a long stream never sits in memory whole), folded by the pure `auditEvent`. What rebuild
 * replays, and what verify says of any stream its fast path did not find sound.
 */
export async function auditStoredStream(sql: Sql, key: { organizationId: string; streamId: string }, batchSize: number): Promise<StreamAudit> {
  let audit = startAudit(key.organizationId, key.streamId);
  for (;;) {
    const events = await readStreamEvents(sql, key.organizationId, key.streamId, audit.lastVersion, batchSize);
    for (const event of events) audit = auditEvent(audit, event);
    if (events.length < batchSize) return audit;
  }
}
