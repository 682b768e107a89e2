import type { QueryRunner } from 'typeorm';
import type { AccessContext } from '../../workflows/index.js';
import type { AccessFacts } from './access.js';
import type { Actor } from './actor.js';
import type { Effect } from './machine-runtime.js';

/**
 * Loads what a definition's guards need that only the server knows (the call's state, the proposal's
 * parties, the clock). It gets the event (payload and `agency`; only `type` and `agency` when the
 * engine probes which events are allowed). `purpose` is `send` when the facts decide an event about
 * to be applied in this transaction: a provider whose facts another transition may change at the
 * same time (an agency's committed budget) locks what they are read from, so concurrent decisions
 * queue rather than both passing the guard.
 */
export type FactsProvider = (
  q: QueryRunner,
  subjectId: string,
  event: { type: string } & Record<string, unknown>,
  purpose: 'probe' | 'send',
) => Promise<unknown>;

/** One item of a fan-out whose facts a batch provider loads: the event to decide and the instance before it. */
export interface FactsBatchItem {
  subjectId: string;
  /** The event as the machine will see it (payload, `agency`), without `facts`. */
  event: { type: string } & Record<string, unknown>;
  /** The instance's state and context before this event. */
  state: string;
  context: Record<string, unknown>;
}

/**
 * The facts of one event type over a fan-out (`sendManyWithin`), chunk by chunk, applied in order in
 * the caller's transaction (purpose `send`). `prepare` loads what a chunk's items need in a
 * few statements; `factsFor` answers an item's facts as the per-item provider would answer them at
 * that point (every earlier item applied); `applied` tells it an item's transition was decided, so
 * what others hold is carried on in memory rather than read again. Kept only for one fan-out.
 * Started with purpose `probe` (the reader's `allowedAmong`: which events many instances may take
 * now), it is prepared once for all items, locks nothing, and nothing is applied: each item's facts
 * are those the per-item provider answers when probing.
 */
export interface FactsBatch {
  prepare(q: QueryRunner, items: readonly FactsBatchItem[]): Promise<void>;
  factsFor(item: FactsBatchItem): unknown;
  applied(item: FactsBatchItem, after: { state: string; context: Record<string, unknown> }): void;
}

/** One instance's answer to `allowedAmong`: its state and context as `read` gives them, and the wanted events it may take now. */
export interface AllowedAmong {
  state: string;
  context: Record<string, unknown>;
  allowed: string[];
}

/** Starts the batched facts of one fan-out (`send`) or of one probe of many instances (`probe`). */
export type FactsBatchProvider = (purpose: 'probe' | 'send') => FactsBatch;

/** Loads what access to one subject depends on beyond its context (assignments, conflicts of interest). */
export type AccessFactsProvider = (q: QueryRunner, subjectId: string, actor: Actor) => Promise<AccessFacts>;

/** The same facts for many subjects of one type and one user each, in one round trip (answers in the queries' order). */
export type AccessFactsBatchProvider = (
  q: QueryRunner,
  queries: readonly { subjectId: string; userId: string }[],
) => Promise<AccessFacts[]>;

/** What a data writer sees of the transition it runs inside, and what it may do in the same transaction. */
export interface TransitionWrite {
  q: QueryRunner;
  subjectType: string;
  instanceId: string;
  /** The event as the machine saw it: payload, `agency`, `facts`. */
  event: { type: string } & Record<string, unknown>;
  from: string;
  to: string;
  /** The context after the transition. */
  context: Record<string, unknown>;
  actor: Actor;
  /** Sends another event in the same transaction (bulk actions: a call's decision fanned out to its proposals). */
  send(cmd: Omit<SendCommand, 'expectedVersion'>): Promise<Transitioned>;
  /**
   * Sends many events in the same transaction, in order, chunk by chunk (`sendManyWithin`): the same
   * checks, log, outbox and read model as `send` one by one, in a few statements per chunk. Answers
   * how many were sent; a refused one throws and the whole transaction is undone.
   */
  sendMany(cmds: Iterable<Omit<SendCommand, 'expectedVersion'>>): Promise<number>;
  /** Starts another instance in the same transaction (a reassigned review). */
  create(args: CreateArgs): Promise<{ id: string; state: string; version: number }>;
}

/**
 * Writes domain data that belongs to a transition (reviews, assessments, waivers, rankings) in the
 * transition's own transaction, after the state, log and outbox rows. A throw undoes everything.
 */
export type DataWriter = (w: TransitionWrite) => Promise<void>;

export interface CreateArgs {
  id: string;
  subjectType: string;
  workflow: string;
  access: AccessContext;
  actor: Actor;
  /** Further input of the machine beside `access`. */
  input?: Record<string, unknown>;
}

/** A transition as it happened, before any view is built for the actor. */
export interface Transitioned {
  instanceId: string;
  state: string;
  version: number;
  context: Record<string, unknown>;
  transition: { seq: number; event: string; from: string; to: string; occurredAt: string };
  effects: Effect[];
}

export interface InstanceView {
  id: string;
  subjectType: string;
  workflow: string;
  state: string;
  version: number;
  status: string;
  context: Record<string, unknown>;
  /** Events this actor may send now. */
  allowedEvents: string[];
  /** Whether the actor sees the agencies' internals (else the state is masked and progress narrowed). */
  internals: boolean;
}

export interface TransitionResult {
  instance: InstanceView;
  transition: { seq: number; event: string; from: string; to: string; occurredAt: string };
  effects: Effect[];
}

export interface SendCommand {
  subjectType: string;
  instanceId: string;
  /** The request body: `{ type, ...payload }`. */
  body: unknown;
  actor: Actor;
  /** Row version the client last read (If-Match); a stale one is refused with 412. */
  expectedVersion?: number;
}

/**
 * What an observer (metrics, live dashboards) learns about each transition, whatever its source:
 * a `send` after it committed or failed; a `sendWithin` or `create` inside a caller's transaction
 * once that transaction committed (or at once when it was refused).
 */
export interface TransitionObservation {
  subjectType: string;
  instanceId: string;
  /** `id@version`, or `unknown` when the instance was not found. */
  workflow: string;
  /** The event type when the definition knows it (`CREATED` for a new instance), else `unknown` (labels stay a bounded set). */
  event: string;
  /** `ok`, or the error code that refused it (`internal` for anything unexpected). */
  outcome: string;
  seconds: number;
  /** Which way it came: `send` (its own transaction), `within` (a caller's transaction), `create`. */
  source?: 'send' | 'within' | 'create';
}

export type TransitionObserver = (observation: TransitionObservation) => void;
