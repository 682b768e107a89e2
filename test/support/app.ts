import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { WorkflowEngine } from '../../src/engine/workflow-engine.service.js';
import { createApp } from '../../src/main.js';
import { dropQueues } from './redis.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './test-env.js';

export interface TestApp {
  app: NestExpressApplication;
  /** Base URL of the running server, e.g. http://127.0.0.1:40123 */
  url: string;
  dataSource: DataSource;
  engine: WorkflowEngine;
  close(): Promise<void>;
}

/** The real service on the test database (see env.setup.ts), listening on a free loopback port. */
export async function startTestApp(): Promise<TestApp> {
  if (process.env.DATABASE_URL !== TEST_DATABASE_URL) throw new Error('test/support/env.setup.ts did not run');
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    dataSource: app.get(DataSource),
    engine: app.get(WorkflowEngine),
    close: async () => {
      await app.close();
      // The queues' keys of this test file (its own prefix, see env.setup.ts).
      if (process.env.QUEUE_PREFIX?.startsWith('tandem-test-'))
        await dropQueues(TEST_REDIS_URL, process.env.QUEUE_PREFIX);
    },
  };
}
