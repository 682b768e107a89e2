import { Test, type TestingModule } from '@nestjs/testing';
import { AppConfig } from '../../src/config/config.module.js';
import { validateEnv } from '../../src/config/env.schema.js';
import { EffectsRuntime } from '../../src/effects/effects.module.js';
import { JobHandlers } from '../../src/effects/jobs.js';
import { WorkerModule } from '../../src/worker.js';

/** The configuration of this test file's environment with some variables changed. */
export function configWith(overrides: Record<string, string | undefined>): AppConfig {
  const env = validateEnv({ ...process.env, ...overrides });
  return { get: (key: keyof typeof env) => env[key] } as unknown as AppConfig;
}

export interface TestWorker {
  module: TestingModule;
  runtime: EffectsRuntime;
  handlers: JobHandlers;
  close(): Promise<void>;
}

/** The worker's modules in this process (as `npm run start:worker` builds them), with its own settings. */
export async function startWorker(overrides: Record<string, string | undefined>): Promise<TestWorker> {
  const module = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(AppConfig)
    .useValue(configWith(overrides))
    .compile();
  try {
    await module.init();
  } catch (e) {
    // A worker that refused to start leaves nothing open.
    await module.close().catch(() => undefined);
    throw e;
  }
  return {
    module,
    runtime: module.get(EffectsRuntime),
    handlers: module.get(JobHandlers),
    close: () => module.close(),
  };
}

export { dropQueues } from './redis.js';

/**
 * Effects and timers that earlier suites left behind (their APIs only write them) are not this
 * suite's business: a worker started here would otherwise deliver them all.
 */
export async function settleEarlierEffects(dataSource: { query: (sql: string) => Promise<unknown> }): Promise<void> {
  await dataSource.query(
    `UPDATE outbox SET relayed_at = now(), processed_at = now() WHERE relayed_at IS NULL OR processed_at IS NULL`,
  );
  await dataSource.query(`UPDATE timers SET state = 'cancelled' WHERE state = 'scheduled'`);
  await dataSource.query(
    `UPDATE notifications SET status = 'delivered', delivered_at = now() WHERE status = 'pending'`,
  );
}

/** Waits until every notification effect of these instances is dispatched and its e-mails are sent. */
export async function notificationsDispatched(
  dataSource: { query: (sql: string, params: unknown[]) => Promise<{ n: number }[]> },
  ids: string[],
): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const [row] = await dataSource.query(
      `SELECT (SELECT count(*) FROM outbox WHERE instance_id = ANY($1::uuid[]) AND kind = 'notify' AND processed_at IS NULL)::int
            + (SELECT count(*) FROM notifications WHERE instance_id = ANY($1::uuid[]) AND channel = 'email' AND status = 'pending')::int AS n`,
      [ids],
    );
    if (row.n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('notifications not dispatched in time');
}
