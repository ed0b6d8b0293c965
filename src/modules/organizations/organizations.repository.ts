import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { formatDecimal4, parseDecimal4 } from '../../kernel/decimal';
import { Organization, RefundPolicy } from './organization';

const COLUMNS = 'id, name, earn_rate::text AS earn_rate, timezone, refund_policy, points_expire_after_days, created_at, updated_at';

function toOrganization(row: any): Organization {
  return {
    id: row.id,
    name: row.name,
    earnRate: formatDecimal4(parseDecimal4(row.earn_rate)), // "1.5000" → "1.5"
    timezone: row.timezone,
    refundPolicy: row.refund_policy,
    pointsExpireAfterDays: row.points_expire_after_days,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface OrganizationChanges {
  name?: string;
  earnRate?: string;
  timezone?: string;
  refundPolicy?: RefundPolicy;
  /** Undefined: unchanged; null: points never expire. */
  pointsExpireAfterDays?: number | null;
}

@Injectable()
export class OrganizationsRepository {
  constructor(private readonly database: Database) {}

  async insert(org: {
    id: string;
    name: string;
    earnRate: string;
    timezone: string;
    refundPolicy: RefundPolicy;
    pointsExpireAfterDays: number | null;
  }): Promise<Organization> {
    const { rows } = await this.database.query(
      `INSERT INTO organizations (id, name, earn_rate, timezone, refund_policy, points_expire_after_days) VALUES ($1, $2, $3::numeric, $4, $5, $6) RETURNING ${COLUMNS}`,
      [org.id, org.name, org.earnRate, org.timezone, org.refundPolicy, org.pointsExpireAfterDays],
    );
    return toOrganization(rows[0]);
  }

  async find(id: string): Promise<Organization | undefined> {
    const { rows } = await this.database.query(`SELECT ${COLUMNS} FROM organizations WHERE id = $1`, [id]);
    return rows[0] ? toOrganization(rows[0]) : undefined;
  }

  /** Changes the given fields (absent ones keep their value); undefined when there is no such organization. */
  async update(id: string, changes: OrganizationChanges): Promise<Organization | undefined> {
    const { rows } = await this.database.query(
      `UPDATE organizations
         SET name = COALESCE($2, name), earn_rate = COALESCE($3::numeric, earn_rate), timezone = COALESCE($4, timezone),
             refund_policy = COALESCE($5, refund_policy),
             points_expire_after_days = CASE WHEN $6::boolean THEN $7::integer ELSE points_expire_after_days END, updated_at = now()
       WHERE id = $1
       RETURNING ${COLUMNS}`,
      [
        id,
        changes.name ?? null,
        changes.earnRate ?? null,
        changes.timezone ?? null,
        changes.refundPolicy ?? null,
        changes.pointsExpireAfterDays !== undefined,
        changes.pointsExpireAfterDays ?? null,
      ],
    );
    return rows[0] ? toOrganization(rows[0]) : undefined;
  }
}
