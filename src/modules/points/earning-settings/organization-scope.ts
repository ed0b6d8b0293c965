import { NotFoundError } from '../../../common/errors/api-error';
import { Sql } from '../../../database/database';

/** Admin routes under /organizations/:org answer 404 for an organization that does not exist. */
export async function assertOrganizationExists(sql: Sql, organizationId: string): Promise<void> {
  const { rows } = await sql.query('SELECT 1 FROM organizations WHERE id = $1', [organizationId]);
  if (!rows.length) throw new NotFoundError('No such organization.');
}

/** Builds `SET a = $3, b = $4` from the fields present in a PATCH body (columns from a fixed list). */
export function setClause(changes: Record<string, unknown>, firstParam: number): { sql: string; params: unknown[] } {
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
  return {
    sql: entries.map(([column], i) => `${column} = $${firstParam + i}`).join(', '),
    params: entries.map(([, v]) => v),
  };
}
