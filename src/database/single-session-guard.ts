import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/** The transaction the current flow (a request, a job) holds, if any: its query runner. */
const flow = new AsyncLocalStorage<{ holder: QueryRunner }>();

/**
 * A query sent on another connection while the same flow's transaction holds the embedded
 * PostgreSQL's single session: it would wait for that transaction to end, which waits for it.
 */
export class SecondSessionError extends Error {
  constructor(sql: string) {
    super(
      'embedded PostgreSQL: a query on a second connection while this flow holds a transaction on the only ' +
        "session would wait forever (run it on the transaction's query runner, or after the commit): " +
        summarise(sql),
    );
    this.name = 'SecondSessionError';
  }
}

/** The statement, on one line and cut short: its text only, never its parameters (personal data). */
const summarise = (sql: string) => {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
};

/**
 * Turns the embedded database's freeze into a fast, clear failure. PGlite is one PostgreSQL
 * session: while a transaction is open on one connection, every other connection's statements wait
 * for it to end (embedded-queue.ts). A flow that, inside its own transaction, reads or writes
 * through another connection (the data source, a repository, another query runner: one more pool
 * connection) therefore waits for itself, and with it the whole service. Once installed, such a
 * query is refused at once with a {@link SecondSessionError} naming the statement, and its stack
 * the caller. Another flow's query still waits its turn, as before.
 */
export function guardSingleSession(dataSource: DataSource): DataSource {
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode) => {
    const runner = create(mode);
    const start = runner.startTransaction.bind(runner);
    // Not async: the caller's flow, from here on, is the one holding this transaction.
    runner.startTransaction = (isolation) => {
      // A second transaction inside the flow's first is the same wait for itself.
      if (holdsAnother(runner)) return Promise.reject(new SecondSessionError('START TRANSACTION'));
      if (!runner.isTransactionActive) flow.enterWith({ holder: runner });
      return start(isolation);
    };
    const query = runner.query.bind(runner) as QueryRunner['query'];
    runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
      if (holdsAnother(runner)) return Promise.reject(new SecondSessionError(sql));
      return query(sql, parameters, structured as true);
    }) as QueryRunner['query'];
    return runner;
  };
  return dataSource;
}

/** Whether the current flow holds an open transaction on a runner other than this one. */
function holdsAnother(runner: QueryRunner): boolean {
  const held = flow.getStore()?.holder;
  return held !== undefined && held !== runner && held.isTransactionActive && !held.isReleased;
}

/** Runs `work` (a job the flow started, not part of it) as a flow of its own, holding no transaction. */
export function outsideTransaction<T>(work: () => T): T {
  return flow.exit(work);
}
