// Loaded before every integration and end-to-end test file, before the service's modules are
// imported: the configuration is validated once, when the app module is first imported.
import { randomBytes } from 'node:crypto';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './test-env.js';

Object.assign(process.env, {
  NODE_ENV: 'test',
  DATABASE_URL: TEST_DATABASE_URL,
  MIGRATIONS_RUN: 'false',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  REDIS_URL: TEST_REDIS_URL,
  // Each test file has queues of its own in the shared Redis.
  QUEUE_PREFIX: `tandem-test-${randomBytes(4).toString('hex')}`,
  // The API under test only writes effects; suites that deliver start a worker (test/support/worker.ts).
  API_DELIVERS: 'false',
});
