import { createRequire } from 'node:module';

/**
 * node `pg` without @types/pg: the few members the benchmark uses, typed here so nothing is added
 * to the project's dependencies or global declarations. It is the same module instance TypeORM
 * loads, so patching `Client.prototype.query` (see `instrumentQueries`) sees the service's queries.
 */
export interface PgResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number | null;
  command: string;
}

export interface PgQueryable {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgResult<R>>;
}

export interface PgClient extends PgQueryable {
  connect(): Promise<void>;
  end(): Promise<void>;
}

export interface PgPoolClient extends PgQueryable {
  release(err?: Error | boolean): void;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
}

interface PgModule {
  Client: new (config: { connectionString: string }) => PgClient;
  Pool: new (config: { connectionString: string; max: number; idleTimeoutMillis?: number }) => PgPool;
}

export const pg = createRequire(import.meta.url)('pg') as PgModule;

export interface QueryCounter {
  queries: number;
  /** Time from `query()` to its promise settling, summed (ms): the round trip as the caller waits it. */
  waitMs: number;
  /** Statements by their first words and tables, to show what a transition sends: count and summed wait (ms). */
  byKind: Map<string, { count: number; waitMs: number; sample: { text: string; values: unknown[] } }>;
  stop(): void;
}

/** Counts and times every promise-style `Client#query` in this process until `stop()`. */
export function instrumentQueries(): QueryCounter {
  const proto = (pg.Client as unknown as { prototype: { query: (...args: unknown[]) => unknown } }).prototype;
  const original = proto.query;
  const counter: QueryCounter = {
    queries: 0,
    waitMs: 0,
    byKind: new Map(),
    stop: () => {
      proto.query = original;
    },
  };
  proto.query = function patched(this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const result = original.apply(this, args);
    counter.queries++;
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '?');
    const kind = statementKind(text);
    let entry = counter.byKind.get(kind);
    if (!entry)
      counter.byKind.set(
        kind,
        (entry = {
          count: 0,
          waitMs: 0,
          sample: { text, values: Array.isArray(args[1]) ? [...(args[1] as unknown[])] : [] },
        }),
      );
    entry.count++;
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      const settled = () => {
        const waited = performance.now() - started;
        counter.waitMs += waited;
        entry.waitMs += waited;
      };
      (result as Promise<unknown>).then(settled, settled);
    }
    return result;
  };
  return counter;
}

function statementKind(text: string): string {
  const words = text.trim().replace(/\s+/g, ' ').split(' ');
  const verb = words[0].toUpperCase();
  if (verb === 'INSERT') return `INSERT ${words[2] ?? ''}`;
  if (verb === 'UPDATE') return `UPDATE ${words[1] ?? ''}`;
  if (verb === 'SELECT') {
    const tables = [...new Set([...text.matchAll(/\b(?:FROM|JOIN)\s+([\w.]+)/gi)].map((m) => m[1]))];
    return `SELECT ${tables.join('+')}${/FOR UPDATE/i.test(text) ? ' FOR UPDATE' : ''}`;
  }
  return words.slice(0, 2).join(' ').toUpperCase();
}
