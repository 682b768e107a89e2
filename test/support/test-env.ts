/** The PostgreSQL the integration and end-to-end suites use; reset once before the run. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_test';
