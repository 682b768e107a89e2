import { z } from 'zod';
import { parseAllowList } from '../modules/notifications/webhook-target.js';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/** Every environment variable the service reads. Checked once at start. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** PostgreSQL URL. Without it the service runs on an embedded PostgreSQL (PGlite) in DATA_DIR. */
    DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
    /**
     * Connections to PostgreSQL per process. A process that delivers effects raises it to one per job
     * it runs at once plus one for the relay (WORKER_CONCURRENCY + 1 with Redis).
     */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Longest wait for a connection of the pool (or a new one): then the request or job fails, and a job is retried. */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /**
     * How long a pooled connection may stay idle before it is closed (pg's `idleTimeoutMillis`; 0:
     * never). A new connection's PostgreSQL backend plans its first queries with cold catalog
     * caches (100-300 ms for a list at 100,000 proposals against 25 ms warm), so a console used
     * now and then should not reconnect after every pause of pg's default 10 s.
     */
    DATABASE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
    /** PostgreSQL's `statement_timeout` for the service's sessions (0: none). */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
    /**
     * PostgreSQL's `idle_in_transaction_session_timeout` for the service's sessions (0: none): a
     * session that holds a transaction open this long without a statement is ended and its locks
     * freed. A delivery holds its rows' locks while it sends: at least WEBHOOK_TIMEOUT_MS + 20 s.
     */
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
    /**
     * The PostgreSQL behind DATABASE_URL serves every connection in one session (an embedded PGlite
     * behind its socket, as the call simulator's throwaway database): no named prepared statements,
     * which each connection would otherwise believe its own. Always so without DATABASE_URL.
     */
    DATABASE_SHARED_SESSION: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    DATA_DIR: z.string().default('./data'),
    /** Apply pending migrations at start. */
    MIGRATIONS_RUN: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** How long an Idempotency-Key is remembered. */
    IDEMPOTENCY_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(24)
      .max(24 * 30)
      .default(48),
    /**
     * Which proxies to believe about the client's address and scheme (Express "trust proxy"): behind
     * an HTTPS proxy the session cookie is then marked Secure. `loopback`, a hop count, or addresses.
     */
    TRUST_PROXY: z.string().trim().min(1).default('loopback'),
    /** A console session ends after this long without a request. */
    SESSION_IDLE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(8),
    /** Failed sign-ins in a row that lock an account, and for how long. */
    SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    SIGN_IN_LOCK_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Sign-in attempts per minute from one client address. */
    SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
    /** API requests per minute per token (per client address without a token). */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1000000).default(600),
    /** How often the administrators' dashboard re-reads the counts it streams. */
    DASHBOARD_REFRESH_SECONDS: z.coerce.number().min(0.2).max(3600).default(5),
    /** Largest document a proposal's applicants may upload, in bytes (20 MiB). */
    DOCUMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(20 * 1024 * 1024),
    /** `false`: no GET /metrics at all (404). */
    METRICS_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v === '' ? undefined : v)),

    /**
     * The key proposal lists sign their cursors with (HMAC-SHA256), at least 32 characters. Unset:
     * a random key made once and kept in the database (table service_secrets), so every replica
     * and every restart accepts the cursors the others made.
     */
    CURSOR_SECRET: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),

    /** Redis for the queues (BullMQ). Without it effects are delivered in-process (embedded mode). */
    REDIS_URL: optionalUrl(['redis', 'rediss']),
    /** Prefix of every queue key in Redis: several deployments (or test runs) may share one Redis. */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only')
      .default('tandem'),
    /**
     * Whether the API process also relays and delivers effects. `auto`: only without REDIS_URL (then
     * nothing else would); with Redis the worker does it.
     */
    API_DELIVERS: z.enum(['auto', 'true', 'false']).default('auto'),
    /** SMTP server for e-mail, smtp:// or smtps://user:pass@host:port. Unset: e-mails are written to MAIL_DIR as .eml files. */
    SMTP_URL: optionalUrl(['smtp', 'smtps']),
    MAIL_FROM: z
      .string()
      .trim()
      .regex(
        /^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/,
        'must be an address such as "Tandem <no-reply@example.org>"',
      )
      .default('Tandem <no-reply@tandem.invalid>'),
    /** SMTP connections each worker process keeps open. */
    SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
    /** Where e-mails go without SMTP_URL. Default: DATA_DIR/mail. */
    MAIL_DIR: z.string().optional(),
    /**
     * How the service is reached by people: links in messages. Unset: the listening address
     * (`http://localhost:<PORT>`, or HOST when it names one); required in production.
     */
    PUBLIC_URL: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || /^https?:\/\/[^\s/]+(?:\/\S*)?$/.test(v), {
        message: 'must be a URL such as https://tandem.example.org',
      })
      .transform((v) => v?.replace(/\/+$/, '')),
    /** Tries per job before a notification is kept as failed; waits double from DELIVERY_BACKOFF_MS. */
    DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
    /** Jobs one worker process runs at once per queue. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(16),
    /** A job whose worker stops renewing its lock this long (it died) is handed to another worker. */
    QUEUE_LOCK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
    /**
     * Outbox `notify` rows the relay puts in one dispatch job: a burst of transitions is dispatched,
     * and its e-mails sent and recorded, a group at a time. 1: a job per row.
     */
    DISPATCH_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(50),
    /**
     * While effects keep coming, the relay's passes start at least this far apart, so that a stream
     * of transitions is dispatched in groups; an effect after a quiet spell is relayed at once.
     */
    RELAY_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(25),
    /** The relay polls this often when no wake-up (LISTEN/NOTIFY) arrives. */
    RELAY_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
    /**
     * How long a relayed effect, a pending delivery or a due timer may wait before the worker queues
     * it again (Redis lost its jobs). Also how often it looks.
     */
    RECONCILE_AFTER_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
    /**
     * A pause between two items of a bulk batch, so a large batch leaves room for everyone else's
     * requests (0: none). A batch's progress and cancellation are checked between items.
     */
    BULK_ITEM_PAUSE_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /**
     * Webhook targets allowed although not public (loopback, private, link-local, ...): addresses,
     * CIDR ranges or host names, separated by commas. Empty: public addresses only.
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((v, ctx) => {
        const { allowList, invalid } = parseAllowList(v);
        if (invalid.length)
          ctx.addIssue({ code: 'custom', message: `not an address, CIDR range or host name: ${invalid.join(', ')}` });
        return allowList;
      }),
  })
  .superRefine((env, ctx) => {
    // Production means real secrets and a real address: checked here so that a missing one stops the
    // service at start, named, rather than leaving /metrics public or links pointing at localhost.
    if (env.NODE_ENV !== 'production') return;
    if (env.METRICS_ENABLED && env.METRICS_TOKEN === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_TOKEN'],
        message: 'is required in production (the scraper sends it as a bearer token), or set METRICS_ENABLED=false',
      });
    }
    if (env.PUBLIC_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required in production: the address people reach the service at, used in the links of messages',
      });
    } else if (isLocalUrl(env.PUBLIC_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: `must be the address people reach the service at in production, not ${env.PUBLIC_URL}`,
      });
    }
  })
  .transform((env) => ({ ...env, PUBLIC_URL: env.PUBLIC_URL ?? listeningUrl(env.HOST, env.PORT) }));

/** The address the service listens at, as people on this machine reach it. */
export function listeningUrl(host: string, port: number): string {
  const name = ['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** A URL of this machine only: localhost, a loopback or the unspecified address. */
function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\./.test(host) ||
    host === '0.0.0.0' ||
    host === '::1' ||
    host === '::'
  );
}

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {}

/** Used by ConfigModule: a wrong value stops the service with a message naming the variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const result = envSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const name = i.path.join('.');
    const given = raw[name];
    // The value given, unless it may hold a secret (URLs carry passwords).
    const shown =
      typeof given === 'string' && !/URL|TOKEN|SECRET|PASSWORD|KEY/.test(name)
        ? ` (given: ${JSON.stringify(given)})`
        : '';
    const message = i.code === 'invalid_type' && i.expected === 'number' ? 'must be a number' : i.message;
    return `  ${name}: ${message}${shown}`;
  });
  throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
}
