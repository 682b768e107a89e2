import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/** Bounded waits for the service's sessions (none for the CLI's, which may run long migrations). */
export interface SessionLimits {
  /** Longest wait for a pooled connection (pg's `connectionTimeoutMillis`). */
  connectTimeoutMs: number;
  /** PostgreSQL session settings sent at connection start (0: none); left out for the embedded PostgreSQL. */
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
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
        // Sent in the startup message: no round trip per connection.
        ...(limits.statementTimeoutMs ? { statement_timeout: limits.statementTimeoutMs } : {}),
        ...(limits.idleInTransactionTimeoutMs
          ? { idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs }
          : {}),
      }),
    },
    logging: ['error'],
  };
}
