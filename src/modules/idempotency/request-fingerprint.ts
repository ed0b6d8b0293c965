import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * A digest of what a request asks for, after normalization: a retry with the same external_ref
 * must ask for exactly the same thing, or it is an idempotency conflict.
 */
export function requestFingerprint(request: Record<string, unknown>): string {
  return hash('sha256', canonicalize(request)!, 'hex');
}
