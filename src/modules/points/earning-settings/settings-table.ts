import { randomUUID } from 'node:crypto';
import { Sql } from '../../../database/database';
import { setClause } from './organization-scope';

/**
 * Create, list, change and remove the rows of one per-organization settings table (tiers,
 * bonuses, earn rules). Column names come from the code, never from a request; values are bound.
 */
export class SettingsTable<View> {
  constructor(
    private readonly table: string,
    private readonly orderBy: string,
    private readonly toView: (row: any) => View,
  ) {}

  async create(sql: Sql, organizationId: string, values: Record<string, unknown>): Promise<View> {
    const columns = Object.keys(values);
    const { rows } = await sql.query(
      `INSERT INTO ${this.table} (organization_id, id, ${columns.join(', ')})
       VALUES ($1, $2, ${columns.map((_, i) => `$${i + 3}`).join(', ')}) RETURNING *`,
      [organizationId, randomUUID(), ...Object.values(values)],
    );
    return this.toView(rows[0]);
  }

  async list(sql: Sql, organizationId: string): Promise<View[]> {
    const { rows } = await sql.query(`SELECT * FROM ${this.table} WHERE organization_id = $1 ORDER BY ${this.orderBy}`, [organizationId]);
    return rows.map(this.toView);
  }

  /** Null when no such row exists in this organization. */
  async update(sql: Sql, organizationId: string, id: string, changes: Record<string, unknown>): Promise<View | null> {
    const set = setClause(changes, 3);
    const { rows } = set.params.length
      ? await sql.query(`UPDATE ${this.table} SET ${set.sql} WHERE organization_id = $1 AND id = $2 RETURNING *`, [organizationId, id, ...set.params])
      : await sql.query(`SELECT * FROM ${this.table} WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
    return rows.length ? this.toView(rows[0]) : null;
  }

  async remove(sql: Sql, organizationId: string, id: string): Promise<boolean> {
    const { rowCount } = await sql.query(`DELETE FROM ${this.table} WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
    return rowCount === 1;
  }
}

/** Decimals are stored as numeric and shown as JSON numbers ("1.5000" → 1.5). */
export const decimalView = (text: string) => Number(text);
export const dateView = (value: string | null) => value;
