import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { OrganizationContext } from '../../common/http/current-organization.decorator';
import { ApiKeyParts } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';
import { VerifiedKeyCache } from './verified-key-cache';

/** Whose key it is: what a verified key stands for. */
export type KeyOwner = Omit<OrganizationContext, 'keyConfirmed'>;

/**
 * Decides whether a presented key is valid right now. `verify` reads the key's row (one indexed
 * lookup), so a revocation committed by any instance is seen on the very next request; the
 * in-process cache only ever spares the bcrypt of a secret that already verified. `warmOwner`
 * reads nothing: its caller must have the key's row checked later in the request (key-confirmation.ts).
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly cache = new VerifiedKeyCache<KeyOwner>();

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
  async verify(parts: ApiKeyParts): Promise<KeyOwner | null> {
    const credential = await this.keys.findCredential(parts.lookupId);
    if (!credential || credential.revokedAt) {
      this.cache.forget(parts.lookupId);
      return null;
    }
    const owner = { organizationId: credential.organizationId, apiKeyId: credential.id };
    const ok = await this.cache.verify(parts.lookupId, parts.secret, credential.secretHash, (secret, hash) => bcrypt.compare(secret, hash), owner);
    return ok ? owner : null;
  }

  /** Whose key this is, when this exact secret already verified in this process; nothing is read. */
  warmOwner(parts: ApiKeyParts): KeyOwner | undefined {
    return this.cache.ownerOf(parts.lookupId, parts.secret);
  }

  /** Whether the key (by id) exists and is not revoked: the check of a request whose statements did not make it. */
  isActive(apiKeyId: string): Promise<boolean> {
    return this.keys.isActive(apiKeyId);
  }

  forget(lookupId: string): void {
    this.cache.forget(lookupId);
  }
}
