import type { DataSource } from 'typeorm';
import { apiTokenCache } from '../../src/modules/auth/token-cache.js';

interface Table {
  name: string;
  /** Columns that can be written (generated ones are computed again). */
  columns: string;
  /** Identity columns generated ALWAYS need OVERRIDING SYSTEM VALUE to take the saved values. */
  overriding: boolean;
}

/**
 * Copies of the whole test database, taken and put back between sequences: a world is built once
 * over HTTP (population.ts steps a call to its stage through the API), saved, and each sequence
 * starts from an exact copy of it instead of stepping a new call again. Copies live in schemas of
 * their own (`invariants_<name>`) in the same database; putting one back truncates every table and
 * refills it in one transaction (foreign keys and triggers off for the refill only, as a restore
 * from a dump does), then forgets the cached tokens of the service under test.
 */
export class DatabaseSnapshots {
  private tables: Table[] = [];

  constructor(private readonly ds: DataSource) {}

  async init(): Promise<this> {
    const rows: {
      table_name: string;
      column_name: string;
      is_generated: string;
      identity_generation: string | null;
    }[] = await this.ds.query(
      `SELECT c.table_name, c.column_name, c.is_generated, c.identity_generation
           FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'migrations'
          ORDER BY c.table_name, c.ordinal_position`,
    );
    const byTable = new Map<string, Table>();
    for (const r of rows) {
      const table = byTable.get(r.table_name) ?? { name: r.table_name, columns: '', overriding: false };
      if (r.is_generated === 'NEVER') table.columns += `${table.columns ? ', ' : ''}"${r.column_name}"`;
      if (r.identity_generation === 'ALWAYS') table.overriding = true;
      byTable.set(r.table_name, table);
    }
    this.tables = [...byTable.values()];
    return this;
  }

  private schema(name: string): string {
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`snapshot names are lower-case words: ${name}`);
    return `invariants_${name}`;
  }

  /** Saves every table as it is now under `name` (replacing an earlier copy of that name). */
  async take(name: string): Promise<void> {
    const schema = this.schema(name);
    await this.ds.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await this.ds.query(`CREATE SCHEMA ${schema}`);
    for (const t of this.tables) {
      await this.ds.query(`CREATE TABLE ${schema}."${t.name}" AS SELECT ${t.columns} FROM public."${t.name}"`);
    }
  }

  /** Puts every table back as it was when `name` was taken. */
  async restore(name: string): Promise<void> {
    const schema = this.schema(name);
    const q = this.ds.createQueryRunner();
    try {
      await q.startTransaction();
      await q.query(`SET LOCAL session_replication_role = replica`);
      await q.query(`TRUNCATE ${this.tables.map((t) => `public."${t.name}"`).join(', ')}`);
      for (const t of this.tables) {
        await q.query(
          `INSERT INTO public."${t.name}" (${t.columns}) ${t.overriding ? 'OVERRIDING SYSTEM VALUE ' : ''}SELECT ${t.columns} FROM ${schema}."${t.name}"`,
        );
      }
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    // Roles and sessions are back as they were: the service must not answer from what it cached since.
    apiTokenCache.clear();
  }

  async drop(names: string[]): Promise<void> {
    for (const name of names) await this.ds.query(`DROP SCHEMA IF EXISTS ${this.schema(name)} CASCADE`);
  }
}
