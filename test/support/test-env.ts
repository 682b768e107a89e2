/** The PostgreSQL the integration and end-to-end suites use; reset once before the run. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_test';

/** The Redis the suites use; each test file gets its own queue prefix (env.setup.ts). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
