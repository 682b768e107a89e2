// The worker's health check (docker-compose.yml): healthy when a worker process on this host is
// connected to every queue, as BullMQ's own list of workers shows it in Redis. Exit code 0 or 1,
// one line saying why. Loads neither Nest nor the database: it runs every few seconds.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { validateEnv } from '../config/env.schema.js';
import { QueueName } from '../effects/jobs.js';

/** The host part of a Redis client address, `10.0.0.5:41234` or `[::1]:41234`. */
const host = (addr: string | undefined) => addr?.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');

async function check(): Promise<string> {
  const env = validateEnv(process.env);
  if (!env.REDIS_URL)
    throw new Error('REDIS_URL is not set: without Redis the API delivers effects itself and there is no worker');
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3000, lazyConnect: true });
  try {
    await redis.connect();
    // This process's own address as Redis sees it: the worker of this host connects from the same one.
    const self = host(/(?:^|\s)addr=(\S+)/.exec(String(await redis.call('CLIENT', 'INFO')))?.[1]);
    const missing: string[] = [];
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, { connection: redis, prefix: env.QUEUE_PREFIX });
      const workers = (await queue.getWorkers()) as { addr?: string }[];
      if (!workers.some((w) => host(w.addr) === self)) missing.push(name);
    }
    if (missing.length) throw new Error(`no worker of this host (${self}) is connected to ${missing.join(', ')}`);
    return `a worker of this host (${self}) is connected to every queue`;
  } finally {
    redis.disconnect();
  }
}

check().then(
  (message) => {
    console.log(`healthy: ${message}`);
    process.exit(0);
  },
  (e: unknown) => {
    console.error(`unhealthy: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
