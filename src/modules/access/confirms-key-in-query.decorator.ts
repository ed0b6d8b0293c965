import { SetMetadata } from '@nestjs/common';

export const CONFIRMS_KEY_IN_QUERY = 'confirmsKeyInQuery';

/**
 * The route's first statement reads whether the caller's API key is still active
 * (api-keys/key-confirmation.ts), so the guard need not read the key's row when the secret is
 * already known good: one round trip fewer on the routes that tills call most. A handler that says
 * so must confirm the key before it writes anything; KeyConfirmationHook checks the key
 * itself for any answer given without that confirmation (an error before the statement, say).
 */
export const ConfirmsKeyInQuery = () => SetMetadata(CONFIRMS_KEY_IN_QUERY, true);
