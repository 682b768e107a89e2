// Loaded before every integration and end-to-end test file, before the service's modules are
// imported: the configuration is validated once, when the app module is first imported.
import { TEST_DATABASE_URL } from './test-env.js';

Object.assign(process.env, {
  NODE_ENV: 'test',
  DATABASE_URL: TEST_DATABASE_URL,
  MIGRATIONS_RUN: 'false',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
});
