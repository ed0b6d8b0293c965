/** The one answer to every bad credential, whatever was wrong with it, so a probe learns nothing. */
export const INVALID_API_KEY_MESSAGE = 'Invalid or missing API key.';
export const INVALID_ADMIN_TOKEN_MESSAGE = 'Invalid or missing admin token.';
