import { z } from 'zod';

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
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** PostgreSQL URL. Without it the service runs on an embedded PostgreSQL (PGlite) in DATA_DIR. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default('./data'),
  /** Apply pending migrations at start. */
  MIGRATIONS_RUN: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long an Idempotency-Key is remembered. */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(24).max(24 * 30).default(48),
  /**
   * Which proxies to believe about the client's address and scheme (Express "trust proxy"): behind
   * an HTTPS proxy the session cookie is then marked Secure. `loopback`, a hop count, or addresses.
   */
  TRUST_PROXY: z.string().trim().min(1).default('loopback'),
  /** A console session ends after this long without a request. */
  SESSION_IDLE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(8),
  /** Failed sign-ins in a row that lock an account, and for how long. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Sign-in attempts per minute from one client address. */
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
  /** API requests per minute per token (per client address without a token). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1000000).default(600),
  /** How often the administrators' dashboard re-reads the counts it streams. */
  DASHBOARD_REFRESH_SECONDS: z.coerce.number().min(0.2).max(3600).default(5),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
});

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {}

/** Used by ConfigModule: a wrong value stops the service with a message naming the variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const result = envSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
}
