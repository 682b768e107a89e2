import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Whether named prepared statements are possible on this data source: every connection is a
 * session of its own (not the embedded PGlite's one shared session, nor a pooler's).
 */
export function ownSessions(dataSource: DataSource): boolean {
  return !(dataSource.options as { extra?: { sharedSession?: boolean } }).extra?.sharedSession;
}

/** Statement text to its prepared statement's name (the texts of hot statements are few: one per shape). */
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `tandem_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement of a hot path as a named prepared statement: parsed and planned once per
 * connection instead of on every execution (a proposal's read after each transition planned for
 * 0.5 ms and ran for 0.3). On the QueryRunner's own pg client, so it runs in its transaction, if any;
 * without one, on a connection of the pool, released afterwards. Only for statements whose text
 * is one of a few fixed shapes and whose plan does not depend on the values (point reads by key):
 * PostgreSQL may keep a generic plan for a prepared statement after five executions.
 */
export async function preparedQuery<R>(
  db: DataSource | QueryRunner,
  text: string,
  values: unknown[],
  prepared: boolean,
): Promise<R[]> {
  if (!prepared) return db.query(text, values);
  const runner = 'createQueryRunner' in db ? db.createQueryRunner() : db;
  try {
    const client = (await runner.connect()) as {
      query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
    };
    return (await client.query({ name: nameOf(text), text, values })).rows;
  } finally {
    if (runner !== db) await runner.release();
  }
}
