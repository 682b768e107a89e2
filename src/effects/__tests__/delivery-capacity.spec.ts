import type { AppConfig } from '../../config/config.module.js';
import { validateEnv } from '../../config/env.schema.js';
import { connectionsNeeded, deliveryLimitProblems, poolSizeFor } from '../delivery-capacity.js';
import { deliveryJob } from '../outbox-relay.js';

const config = (env: Record<string, string>): AppConfig => {
  const parsed = validateEnv(env);
  return { get: (key: keyof typeof parsed) => parsed[key] } as unknown as AppConfig;
};
const WITH_REDIS = { DATABASE_URL: 'postgres://db/tandem', REDIS_URL: 'redis://redis:6379' };

describe('delivery capacity', () => {
  it('gives a worker with the defaults a connection for each job of a queue and one for the relay', () => {
    const sut = config(WITH_REDIS);
    expect(connectionsNeeded(sut)).toBe(17);
    expect(poolSizeFor(sut, 'worker')).toBe(17);
    expect(deliveryLimitProblems(sut, 17)).toEqual([]);
  });

  it('leaves the pool of an API that does not deliver as configured, and keeps a larger one', () => {
    expect(poolSizeFor(config(WITH_REDIS), 'api')).toBe(10);
    expect(poolSizeFor(config({ ...WITH_REDIS, DATABASE_POOL_SIZE: '40' }), 'worker')).toBe(40);
    expect(poolSizeFor(config({ ...WITH_REDIS, API_DELIVERS: 'true', WORKER_CONCURRENCY: '30' }), 'api')).toBe(31);
  });

  it('refuses a pool too small for the concurrency, naming the variables', () => {
    const [problem] = deliveryLimitProblems(config({ ...WITH_REDIS, WORKER_CONCURRENCY: '32' }), 10);
    expect(problem).toMatch(/10 connections.*needs 33.*DATABASE_POOL_SIZE.*WORKER_CONCURRENCY/);
  });

  it('refuses an idle-in-transaction limit shorter than a delivery may hold its rows while it sends', () => {
    expect(
      deliveryLimitProblems(config({ ...WITH_REDIS, DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '20000' }), 17),
    ).toEqual([expect.stringMatching(/DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS=20000.*50000/)]);
    expect(deliveryLimitProblems(config({ ...WITH_REDIS, WEBHOOK_TIMEOUT_MS: '60000' }), 17)).toEqual([
      expect.stringMatching(/80000/),
    ]);
    expect(deliveryLimitProblems(config({ ...WITH_REDIS, DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0' }), 17)).toEqual(
      [],
    );
  });

  it('runs the embedded mode on its pool of two', () => {
    expect(connectionsNeeded(config({}))).toBe(2);
    expect(deliveryLimitProblems(config({}), 2)).toEqual([]);
  });

  it('gives a delivery queued again by the reconciler a job id of its own', () => {
    expect(deliveryJob('n1', 'email', 0).id).toBe('email.n1.0');
    expect(deliveryJob('n1', 'email', 0, 2).id).toBe('email.n1.0.r2');
    expect(deliveryJob('n1', 'webhook', 1, 1)).toMatchObject({ name: 'deliver-webhook', id: 'webhook.n1.1.r1' });
  });
});
