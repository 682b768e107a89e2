import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/** Bounded waits for the service's sessions (none for the CLI's, which may run long migrations). */
export interface SessionLimits {
  /** Longest wait for a pooled connection (pg's `connectionTimeoutMillis`). */
  connectTimeoutMs: number;
  /** How long an idle pooled connection is kept (pg's `idleTimeoutMillis`; 0: never closed; pg's default 10 s when absent). */
  idleTimeoutMs?: number;
  /** PostgreSQL session settings sent at connection start (0: none); left out for the embedded PostgreSQL. */
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  /** Turn PostgreSQL's JIT compilation off for the session (an external PostgreSQL). */
  jitOff?: boolean;
  /**
   * One PostgreSQL session behind every connection (the embedded PGlite): no named prepared
   * statements, which each connection would otherwise believe its own.
   */
  sharedSession?: boolean;
}

/** Options shared by the service, the CLI and the tests: schema only from migrations. */
export function dataSourceOptions(url: string, poolSize: number, limits?: SessionLimits): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is core PostgreSQL (and PGlite): no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      max: poolSize,
      ...(limits?.sharedSession && { sharedSession: true }),
      ...(limits && {
        connectionTimeoutMillis: limits.connectTimeoutMs,
        ...(limits.idleTimeoutMs !== undefined ? { idleTimeoutMillis: limits.idleTimeoutMs } : {}),
        // Sent in the startup message: no round trip per connection.
        ...(limits.statementTimeoutMs ? { statement_timeout: limits.statementTimeoutMs } : {}),
        ...(limits.idleInTransactionTimeoutMs
          ? { idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs }
          : {}),
        // No JIT compilation: the service's queries are short, but a list's per-row visibility
        // subplans inflate its estimated cost past jit_above_cost, and compiling then took 3.8 s of
        // a 4.9 s officer's list at 100,000 proposals (issue 17). Not sent to the embedded PGlite.
        ...(limits.jitOff && !limits.sharedSession ? { options: '-c jit=off' } : {}),
      }),
    },
    logging: ['error'],
  };
}
