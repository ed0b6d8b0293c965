import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';

export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  name: string;
  lookupId: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** What authentication needs on every request: who the key belongs to, its hash, whether it is revoked. */
export interface ApiKeyCredential {
  id: string;
  organizationId: string;
  secretHash: string;
  revokedAt: Date | null;
}

const COLUMNS = 'id, organization_id, name, lookup_id, created_at, revoked_at';

function toRecord(row: any): ApiKeyRecord {
  return { id: row.id, organizationId: row.organization_id, name: row.name, lookupId: row.lookup_id, createdAt: row.created_at, revokedAt: row.revoked_at };
}

/** api_keys rows. The secret is never here: only its bcrypt hash, which no listing ever selects. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly database: Database) {}

  async insert(key: { id: string; organizationId: string; name: string; lookupId: string; secretHash: string }): Promise<ApiKeyRecord> {
    const { rows } = await this.database.query(
      `INSERT INTO api_keys (organization_id, id, name, lookup_id, secret_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [key.organizationId, key.id, key.name, key.lookupId, key.secretHash],
    );
    return toRecord(rows[0]);
  }

  async listForOrganization(organizationId: string): Promise<ApiKeyRecord[]> {
    const { rows } = await this.database.query(`SELECT ${COLUMNS} FROM api_keys WHERE organization_id = $1 ORDER BY created_at, id`, [organizationId]);
    return rows.map(toRecord);
  }

  /** Revokes once (a second revocation keeps the first time); undefined when the organization has no such key. */
  async revoke(organizationId: string, id: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.database.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE organization_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [organizationId, id],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** One read on the unique index of lookup_id: run on every authenticated request. */
  async isActive(id: string): Promise<boolean> {
    const { rows } = await this.database.query('SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL', [id]);
    return rows.length === 1;
  }

  async findCredential(lookupId: string): Promise<ApiKeyCredential | undefined> {
    const { rows } = await this.database.query('SELECT id, organization_id, secret_hash, revoked_at FROM api_keys WHERE lookup_id = $1', [lookupId]);
    const row = rows[0];
    return row ? { id: row.id, organizationId: row.organization_id, secretHash: row.secret_hash, revokedAt: row.revoked_at } : undefined;
  }
}
