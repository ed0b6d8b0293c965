import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { OrganizationContext } from '../../common/http/current-organization.decorator';
import { ApiKeyParts } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';
import { VerifiedKeyCache } from './verified-key-cache';

/**
 * Decides whether a presented key is valid right now. Every call reads the key's row (one indexed
 * lookup), so a revocation committed by any instance is seen on the very next request; the
 * in-process cache only ever spares the bcrypt of a secret that already verified.
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly cache = new VerifiedKeyCache();

  constructor(private readonly keys: ApiKeysRepository) {}

  /**
   * True when this exact secret already passed bcrypt in this process (no database read). Callers
   * use it to let keys that are known good through even when their address is over its budget of
   * failed attempts; it is not a verdict (the key may have been revoked since).
   */
  isWarm(parts: ApiKeyParts): boolean {
    return this.cache.matches(parts.lookupId, parts.secret);
  }

  /** The key's organization, or null when it is unknown, revoked or its secret is wrong. */
  async verify(parts: ApiKeyParts): Promise<OrganizationContext | null> {
    const credential = await this.keys.findCredential(parts.lookupId);
    if (!credential || credential.revokedAt) {
      this.cache.forget(parts.lookupId);
      return null;
    }
    const ok = await this.cache.verify(parts.lookupId, parts.secret, credential.secretHash, (secret, hash) => bcrypt.compare(secret, hash));
    return ok ? { organizationId: credential.organizationId, apiKeyId: credential.id } : null;
  }

  forget(lookupId: string): void {
    this.cache.forget(lookupId);
  }
}
