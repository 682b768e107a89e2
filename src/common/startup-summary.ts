import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config/config.module.js';

/** The version in package.json (found above this file, in src/ as in dist/src/). */
export function serviceVersion(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      return (JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { version: string }).version;
    } catch {
      // not here: one folder up
    }
  }
  return 'unknown';
}

/** host:port/name of a URL, without its user or password. */
const where = (url: string) => {
  const u = new URL(url);
  return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
};

/** What a process runs on, in one line: its database, its queues and where e-mail goes (never a secret). */
export function startupSummary(config: AppConfig): string {
  const database = config.get('DATABASE_URL');
  const redis = config.get('REDIS_URL');
  const smtp = config.get('SMTP_URL');
  return [
    `database ${database ? `PostgreSQL ${where(database)}` : `embedded PostgreSQL in ${config.get('DATA_DIR')}`}`,
    `queues ${redis ? `Redis ${where(redis)} (prefix ${config.get('QUEUE_PREFIX')})` : 'in-process'}`,
    `e-mail ${smtp ? `SMTP ${new URL(smtp).host}` : `files in ${config.get('MAIL_DIR') ?? `${config.get('DATA_DIR')}/mail`}`}`,
  ].join(', ');
}
