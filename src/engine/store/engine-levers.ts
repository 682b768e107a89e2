/**
 * How the engine writes a plain transition (docs/benchmarks.md, "Transition levers"). All but
 * `optimistic` on in the service; `npm run bench:transitions:levers` turns them off one by one to measure what each buys.
 * Nothing else should change them.
 */
export const engineLevers = {
  /**
   * A send without a data writer or timers runs as two statements outside an explicit transaction:
   * the instance read (no row lock), then the versioned write of state, log and outbox as one
   * statement (atomic on its own). A concurrent change makes the write match no row: the send reads
   * again and decides again, and after a few collisions takes the row lock instead.
   * OFF: a guard that reads other instances (a budget envelope's committed total) is not serialised
   * by it, and two officers deciding at once overspent an envelope (test/e2e/budget-envelope). Only
   * the levers benchmark turns it on until guards declare what they read.
   */
  optimistic: false,
  /**
   * The transition's statements are named prepared statements on connections that allow them (not
   * the embedded PGlite, one session shared by every connection): PostgreSQL parses and plans them
   * once per connection instead of on every execution.
   */
  prepared: true,
  /** The read model (workflow_projections) is written only when a transition changes what it projects. */
  projectionDiff: true,
  /**
   * How many items of a fan-out (`sendManyWithin`) are locked, decided and written together: the
   * statements per chunk are few, and nothing is held per item beyond one chunk. Tests lower it to
   * cross chunk boundaries with a small call.
   */
  fanOutChunk: 500,
};
