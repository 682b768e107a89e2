import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/**
 * DataSource for the TypeORM CLI (`npm run migration:generate|run|revert`). It needs a running
 * PostgreSQL: set DATABASE_URL. The service itself applies pending migrations at start.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error(
    'DATABASE_URL is not set: the migration commands need a PostgreSQL URL (for example postgres://localhost/tandem)',
  );
}
export default new DataSource(dataSourceOptions(url, 2));
