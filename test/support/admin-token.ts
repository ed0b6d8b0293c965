/** The admin token every test app is started with (see startTestApp). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
