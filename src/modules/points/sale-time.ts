import { InvalidRequestError } from '../../common/errors/api-error';
import { resolveSaleTime } from './policy';

/** When a sale (or a refund) happened: now, or the POS's occurred_at within its bounds, else 400 naming the field. */
export function saleTimeOrInvalid(occurredAt: Date | undefined, now: Date): Date {
  const resolved = resolveSaleTime(occurredAt, now);
  if (resolved.ok) return resolved.at;
  const message = resolved.reason === 'too_old' ? 'occurred_at is more than 30 days old' : 'occurred_at is more than 5 minutes in the future';
  throw new InvalidRequestError(message, [{ field: 'occurred_at', message }]);
}
