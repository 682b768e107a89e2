import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/** Options shared by the service, the CLI and the tests: schema only from migrations. */
export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
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
    extra: { max: poolSize },
    logging: ['error'],
  };
}
