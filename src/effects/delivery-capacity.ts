import type { AppConfig } from '../config/config.module.js';

export type ProcessRole = 'api' | 'worker';
/** The role of this process (EffectsModule.forRoot provides it). */
export const PROCESS_ROLE = Symbol('PROCESS_ROLE');

/** Whether a process relays and delivers effects: always the worker; the API only in embedded mode unless API_DELIVERS says otherwise. */
export function deliversEffects(config: AppConfig, role: ProcessRole): boolean {
  if (role === 'worker') return true;
  const setting = config.get('API_DELIVERS');
  return setting === 'auto' ? !config.get('REDIS_URL') : setting === 'true';
}

/** Jobs of one queue a delivering process runs at once. */
export function jobsAtOnce(config: AppConfig): number {
  if (config.get('REDIS_URL')) return config.get('WORKER_CONCURRENCY');
  // In-process: the embedded PostgreSQL runs one statement at a time on a pool of two connections.
  return config.get('DATABASE_URL') ? Math.min(config.get('WORKER_CONCURRENCY'), 8) : 1;
}

/**
 * Connections a delivering process needs so that no job waits for one behind the others of its
 * queue: one per job of a queue at once, plus one for the relay (which holds its batch's row locks
 * while the queue accepts it). A job never holds more than one connection, nor waits for a second
 * while it holds one, so fewer cannot deadlock; they would make jobs wait, and fail after
 * DATABASE_CONNECT_TIMEOUT_MS.
 */
export const connectionsNeeded = (config: AppConfig): number => jobsAtOnce(config) + 1;

/** The pool size of a process against an external PostgreSQL: DATABASE_POOL_SIZE, raised for delivery when it is too small. */
export function poolSizeFor(config: AppConfig, role: ProcessRole): number {
  const configured = config.get('DATABASE_POOL_SIZE');
  return deliversEffects(config, role) ? Math.max(configured, connectionsNeeded(config)) : configured;
}

/**
 * What stops a delivering process from starting: a pool too small for its jobs (a pool built
 * elsewhere than DatabaseModule), or a session limit shorter than a delivery's longest send.
 */
export function deliveryLimitProblems(config: AppConfig, poolMax: number | undefined): string[] {
  const problems: string[] = [];
  const needed = connectionsNeeded(config);
  if (poolMax !== undefined && poolMax < needed) {
    problems.push(
      `the database pool has ${poolMax} connections; delivering ${jobsAtOnce(config)} jobs per queue at once (WORKER_CONCURRENCY) needs ${needed}: raise DATABASE_POOL_SIZE or lower WORKER_CONCURRENCY`,
    );
  }
  const idle = config.get('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS');
  const longestSend = Math.max(config.get('WEBHOOK_TIMEOUT_MS'), SMTP_STEP_TIMEOUT_MS) + 20_000;
  if (idle > 0 && idle < longestSend) {
    problems.push(
      `DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS=${idle} is shorter than a delivery may hold its rows while it sends (max(WEBHOOK_TIMEOUT_MS, ${SMTP_STEP_TIMEOUT_MS}) + 20000 = ${longestSend}): raise it or set 0`,
    );
  }
  return problems;
}

/** The SMTP client's longest wait on the server within a message (mailer.ts, socketTimeout). */
export const SMTP_STEP_TIMEOUT_MS = 30_000;
