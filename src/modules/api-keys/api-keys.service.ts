import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { NotFoundError } from '../../common/errors/api-error';
import { OrganizationsService } from '../organizations/organizations.service';
import { isUuid } from '../../common/http/resource-id.pipe';
import { apiKeyPrefix, generateApiKey } from './api-key-format';
import { ApiKeyVerifier } from './api-key-verifier';
import { ApiKeyRecord, ApiKeysRepository } from './api-keys.repository';

/** bcrypt's cost factor: about 55 ms per hash or compare on this hardware, paid once per key per process. */
export const BCRYPT_COST = 10;

/** A key as listings show it: never the secret, never the hash. */
export function apiKeyView(key: ApiKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    prefix: apiKeyPrefix(key.lookupId),
    created_at: key.createdAt.toISOString(),
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}

export class ApiKeyNotFoundError extends NotFoundError {
  constructor() {
    super('No such API key.');
  }
}

/** Issuing, listing and revoking keys: used by the admin API and the operator CLI alike. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly keys: ApiKeysRepository,
    private readonly verifier: ApiKeyVerifier,
  ) {}

  /** Issues a key. The returned `key` is the only copy there will ever be: it is not stored, only its hash. */
  async create(organizationId: string, name: string) {
    const org = await this.organizations.get(organizationId);
    for (let attempt = 1; ; attempt++) {
      const generated = generateApiKey();
      try {
        const record = await this.keys.insert({
          id: randomUUID(),
          organizationId: org.id,
          name,
          lookupId: generated.lookupId,
          secretHash: await bcrypt.hash(generated.secret, BCRYPT_COST),
        });
        return { ...apiKeyView(record), key: generated.key };
      } catch (error) {
        // 71 random bits make a lookup id collision all but impossible; if one happens, draw again.
        if ((error as { code?: string } | null)?.code !== '23505' || attempt >= 3) throw error;
      }
    }
  }

  async list(organizationId: string) {
    const org = await this.organizations.get(organizationId);
    return (await this.keys.listForOrganization(org.id)).map(apiKeyView);
  }

  /** Revokes the key: refused from the very next request on, on every instance (see ApiKeyVerifier). */
  async revoke(organizationId: string, keyId: string) {
    const org = await this.organizations.get(organizationId);
    const record = isUuid(keyId) ? await this.keys.revoke(org.id, keyId.toLowerCase()) : undefined;
    if (!record) throw new ApiKeyNotFoundError();
    this.verifier.forget(record.lookupId);
    return apiKeyView(record);
  }
}
