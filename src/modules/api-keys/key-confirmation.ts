import { OrganizationContext } from '../../common/http/current-organization.decorator';
import { INVALID_API_KEY_MESSAGE, UnauthorizedError } from '../access/access.errors';

/**
 * Revocation is checked on every request, and on the hottest routes it rides in the request's
 * own first statement instead of a query of its own: one round trip fewer per lookup and per
 * award. This is the column such a statement selects; `$param` is the caller's key id.
 */
export const keyActiveColumn = (param: string) => `EXISTS (SELECT 1 FROM api_keys k WHERE k.id = ${param} AND k.revoked_at IS NULL) AS key_active`;

/**
 * Records what the statement said about the caller's key: a revoked (or deleted) key is refused
 * with the same 401 as any bad key, before anything of the request is answered or written.
 */
export function confirmKey(caller: OrganizationContext, keyActive: boolean): void {
  if (!keyActive) throw new UnauthorizedError(INVALID_API_KEY_MESSAGE);
  caller.keyConfirmed = true;
}
