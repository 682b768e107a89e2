import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { AnyMachineSnapshot } from 'xstate';
import { workflowKey, type AccessContext, type WorkflowDefinition } from '../../workflows/index.js';
import { DomainException, ErrorCode } from '../common/domain.exception.js';
import { canSee, needsAccessFacts, permits, seesInternals, type AccessFacts } from './access.js';
import type { Actor } from './actor.js';
import { GENESIS_HASH, rowHash, verifyInstance, type InstanceVerification } from './hash-chain.js';
import { proposalsNamed, visibleHistory } from './history-visibility.js';
import {
  advance,
  handledEvents,
  persist,
  restore,
  start,
  stateString,
  stateValueOf,
  type Effect,
  type PersistedSnapshot,
} from './machine-runtime.js';
import { TimersService } from './timers.service.js';
import { WorkflowRegistry } from './workflow-registry.js';

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

interface InstanceRow {
  id: string;
  subject_type: string;
  workflow_id: string;
  workflow_version: number;
  state: string;
  snapshot: PersistedSnapshot;
  version: number;
  last_hash: string;
}

/** What an observer (metrics, live dashboards) learns about each `send`, after it committed or failed. */
export interface TransitionObservation {
  subjectType: string;
  instanceId: string;
  /** `id@version`, or `unknown` when the instance was not found. */
  workflow: string;
  /** The event type when the definition knows it, else `unknown` (labels stay a bounded set). */
  event: string;
  /** `ok`, or the error code that refused it (`internal` for anything unexpected). */
  outcome: string;
  seconds: number;
}

export type TransitionObserver = (observation: TransitionObservation) => void;

const INSTANCE_COLUMNS = 'id, subject_type, workflow_id, workflow_version, state, snapshot, version, last_hash';

/**
 * The one transition pipeline (ARCHITECTURE.md section 3). Controllers, timers and bulk actions all
 * come through `send`; nothing else writes a workflow state.
 */
@Injectable()
export class WorkflowEngine {
  /** Facts providers by subject type, then by event type ('*': every other event). */
  private readonly facts = new Map<string, Map<string, FactsProvider>>();
  private readonly accessFacts = new Map<string, AccessFactsProvider>();
  private readonly accessFactsBatch = new Map<string, AccessFactsBatchProvider>();
  private readonly writers = new Map<string, DataWriter>();
  private readonly observers: TransitionObserver[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: WorkflowRegistry,
    private readonly timers: TimersService,
  ) {}

  /** Registers the facts of a subject type's events; `events` narrows it to those event types. */
  registerFacts(subjectType: string, provider: FactsProvider, events: string[] = ['*']): void {
    const bySubject = this.facts.get(subjectType) ?? new Map<string, FactsProvider>();
    for (const type of events) bySubject.set(type, provider);
    this.facts.set(subjectType, bySubject);
  }

  registerAccessFacts(subjectType: string, provider: AccessFactsProvider, batch?: AccessFactsBatchProvider): void {
    this.accessFacts.set(subjectType, provider);
    if (batch) this.accessFactsBatch.set(subjectType, batch);
  }

  registerWriter(subjectType: string, eventType: string, writer: DataWriter): void {
    const key = `${subjectType}:${eventType}`;
    if (this.writers.has(key)) throw new Error(`a data writer for ${key} is already registered`);
    this.writers.set(key, writer);
  }

  /** Runs `work` in one transaction: several creates and sends happen whole or not at all. */
  async transaction<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const result = await work(q);
      await q.commitTransaction();
      return result;
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction();
      throw asConcurrencyProblem(e);
    } finally {
      await q.release();
    }
  }

  /**
   * Sends one event inside the caller's open transaction; no view is built. Bulk actions use it, and
   * a firing timer marks itself fired in the same transaction as the transition it causes.
   */
  async sendIn(q: QueryRunner, cmd: SendCommand): Promise<Transitioned> {
    const { type, payload } = parseEventBody(cmd.body);
    return (await this.transitionWithin(q, cmd, type, payload)).transitioned;
  }

  /** Called after every `send`, committed or refused; an observer's failure never affects the transition. */
  observe(observer: TransitionObserver): void {
    this.observers.push(observer);
  }

  /** Starts an instance inside the caller's transaction (the caller writes the subject row beside it). */
  async create(q: QueryRunner, args: CreateArgs): Promise<{ id: string; state: string; version: number }> {
    const definition = this.registry.get(args.workflow);
    if (definition.subject !== args.subjectType) {
      throw new Error(`workflow ${args.workflow} runs ${definition.subject}s, not ${args.subjectType}s`);
    }
    const { snapshot, effects } = start(definition, { ...(args.input ?? {}), access: args.access });
    const state = stateString(snapshot.value);
    const occurredAt = new Date();
    const row = {
      instanceId: args.id,
      seq: 1,
      eventType: 'CREATED',
      payload: {},
      fromState: null,
      toState: state,
      actorUserId: args.actor.userId,
      occurredAt,
    };
    const hash = rowHash(GENESIS_HASH, row);
    await q.query(
      `INSERT INTO workflow_instances (id, subject_type, workflow_id, workflow_version, state, snapshot, version, last_hash)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7)`,
      [args.id, args.subjectType, definition.id, definition.version, state, persist(definition, snapshot), hash],
    );
    await this.appendLog(q, row, GENESIS_HASH, hash);
    await this.writeEffects(q, args.id, 1, effects, snapshot.context as Record<string, unknown>, undefined);
    // The subject row is written after this in the same transaction: read the full view after commit.
    return { id: args.id, state, version: 1 };
  }

  /** Sends one event through the pipeline; the change happens whole or not at all. */
  async send(cmd: SendCommand): Promise<TransitionResult> {
    const started = performance.now();
    const labels = { workflow: 'unknown', event: 'unknown' };
    try {
      const result = await this.sendOnce(cmd, labels);
      this.notify(cmd, labels, 'ok', started);
      return result;
    } catch (e) {
      this.notify(cmd, labels, e instanceof DomainException ? e.code : ErrorCode.Internal, started);
      throw e;
    }
  }

  private async sendOnce(cmd: SendCommand, labels: { workflow: string; event: string }): Promise<TransitionResult> {
    const { type, payload } = parseEventBody(cmd.body);
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const result = await this.sendWithin(q, cmd, type, payload, labels);
      await q.commitTransaction();
      return result;
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction();
      throw asConcurrencyProblem(e);
    } finally {
      await q.release();
    }
  }

  private notify(
    cmd: SendCommand,
    labels: { workflow: string; event: string },
    outcome: string,
    started: number,
  ): void {
    const observation = {
      subjectType: cmd.subjectType,
      instanceId: cmd.instanceId,
      ...labels,
      outcome,
      seconds: (performance.now() - started) / 1000,
    };
    for (const observer of this.observers) {
      try {
        observer(observation);
      } catch {
        // Observers only watch.
      }
    }
  }

  private async sendWithin(
    q: QueryRunner,
    cmd: SendCommand,
    type: string,
    payload: Record<string, unknown>,
    labels: { workflow: string; event: string },
  ): Promise<TransitionResult> {
    const { transitioned, definition, snapshot } = await this.transitionWithin(q, cmd, type, payload, labels);
    const instance = await this.view(
      q,
      definition,
      transitioned.instanceId,
      cmd.subjectType,
      snapshot,
      transitioned.version,
      cmd.actor,
    );
    const internals = seesInternals(cmd.actor, cmd.subjectType, (snapshot.context as { access: AccessContext }).access);
    const { from, to } = transitioned.transition;
    return {
      instance,
      transition: internals
        ? transitioned.transition
        : { ...transitioned.transition, from: maskState(definition, from), to: maskState(definition, to) },
      effects: transitioned.effects,
    };
  }

  private async transitionWithin(
    q: QueryRunner,
    cmd: SendCommand,
    type: string,
    payload: Record<string, unknown>,
    labels: { workflow: string; event: string } = { workflow: 'unknown', event: 'unknown' },
  ): Promise<{ transitioned: Transitioned; definition: WorkflowDefinition; snapshot: AnyMachineSnapshot }> {
    // Load under a row lock: concurrent senders queue here and see each other's result.
    const rows: InstanceRow[] = await q.query(
      `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = $1 AND subject_type = $2 FOR UPDATE`,
      [cmd.instanceId, cmd.subjectType],
    );
    const row = rows[0];
    const what = `${cmd.subjectType} ${cmd.instanceId}`;
    if (!row) throw DomainException.notFound(what);
    const definition = this.registry.get(`${row.workflow_id}@${row.workflow_version}`);
    const snapshot = restore(definition, row.snapshot, row.id);
    const access = row.snapshot.context.access;
    if (
      !canSee(
        cmd.actor,
        cmd.subjectType,
        access,
        row.state,
        await this.loadAccessFacts(q, cmd.subjectType, row.id, cmd.actor, access),
      )
    ) {
      throw DomainException.notFound(what);
    }
    labels.workflow = workflowKey(definition);

    // Own keys only: `constructor` or `toString` name no event, whatever Object.prototype holds.
    const rule = Object.hasOwn(definition.events, type) ? definition.events[type] : undefined;
    if (rule) labels.event = type;
    if (!rule) {
      throw new DomainException(ErrorCode.ValidationFailed, `unknown event type ${type}`, {
        errors: [{ field: 'type', message: `must be one of ${Object.keys(definition.events).join(', ')}` }],
      });
    }
    // Deny first: someone who holds none of the event's roles here learns nothing about its payload.
    const holdsARole = permits(cmd.actor, rule, access, undefined);
    if (!holdsARole.allowed && !holdsARole.chooseFrom)
      throw new DomainException(ErrorCode.Forbidden, `your roles do not allow ${type} on this ${cmd.subjectType}`);
    const parsed = rule.payload.safeParse(payload);
    if (!parsed.success) {
      throw DomainException.invalid(
        parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
      );
    }
    const data = parsed.data as Record<string, unknown>;
    const permission = permits(cmd.actor, rule, access, data.agency as string | undefined);
    if (permission.chooseFrom) {
      throw DomainException.invalid([
        {
          field: 'agency',
          message: `you act for several agencies here: name one of ${permission.chooseFrom.join(', ')}`,
        },
      ]);
    }
    if (!permission.allowed)
      throw new DomainException(ErrorCode.Forbidden, `your roles do not allow ${type} on this ${cmd.subjectType}`);
    if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== row.version) {
      throw new DomainException(
        ErrorCode.PreconditionFailed,
        `If-Match names version ${cmd.expectedVersion}; the current version is ${row.version}`,
        {
          currentVersion: row.version,
        },
      );
    }
    if (!handledEvents(snapshot).has(type)) {
      throw new DomainException(ErrorCode.EventNotAllowed, `${type} is not allowed in state ${row.state}`, {
        state: row.state,
        allowedEvents: await this.allowedEvents(q, definition, row.id, cmd.subjectType, snapshot, cmd.actor),
      });
    }

    const event: Record<string, unknown> = { ...data, type };
    if (permission.agency !== undefined) event.agency = permission.agency;
    if (rule.needsFacts)
      event.facts = await this.loadFacts(q, cmd.subjectType, row.id, event as { type: string }, 'send');
    if (!snapshot.can(event as never)) {
      const reasons = rule.explain?.(snapshot.context as never, event as never) ?? [];
      throw new DomainException(
        ErrorCode.RuleViolated,
        reasons.length ? reasons.join('; ') : `${type} is refused by the ${definition.id} rules in state ${row.state}`,
        {
          state: row.state,
          reasons,
        },
      );
    }

    const { snapshot: next, effects } = advance(definition, snapshot, event as { type: string });
    const seq = row.version + 1;
    const to = stateString(next.value);
    const { facts: _facts, type: _type, ...logged } = event;
    const log = {
      instanceId: row.id,
      seq,
      eventType: type,
      payload: logged,
      fromState: row.state,
      toState: to,
      actorUserId: cmd.actor.userId,
      occurredAt: new Date(),
    };
    const hash = rowHash(row.last_hash, log);

    const agency = event.agency as string | undefined;
    if (effects.some((e) => e.kind === 'schedule')) {
      await this.writeTransition(q, row, definition.version, persist(definition, next), log, hash, what, []);
      await this.writeEffects(q, row.id, seq, effects, next.context as Record<string, unknown>, agency);
    } else {
      // No timers to set: the outbox rows go in the same statement as the transition (one round trip less).
      await this.writeTransition(
        q,
        row,
        definition.version,
        persist(definition, next),
        log,
        hash,
        what,
        outboxEffects(effects, agency),
      );
    }
    const writer = this.writers.get(`${cmd.subjectType}:${type}`);
    if (writer) {
      await writer({
        q,
        subjectType: cmd.subjectType,
        instanceId: row.id,
        event: event as { type: string },
        from: row.state,
        to,
        context: next.context as Record<string, unknown>,
        actor: cmd.actor,
        send: (nested) => this.sendIn(q, nested),
        create: (args) => this.create(q, args),
      });
    }

    return {
      transitioned: {
        instanceId: row.id,
        state: to,
        version: seq,
        context: next.context as Record<string, unknown>,
        transition: { seq, event: type, from: row.state, to, occurredAt: log.occurredAt.toISOString() },
        effects,
      },
      definition,
      snapshot: next,
    };
  }

  /** The instance as this actor sees it, or 404 when it may not see it. */
  async read(subjectType: string, instanceId: string, actor: Actor): Promise<InstanceView> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      const rows: InstanceRow[] = await q.query(
        `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = $1 AND subject_type = $2`,
        [instanceId, subjectType],
      );
      const row = rows[0];
      if (!row) throw DomainException.notFound(`${subjectType} ${instanceId}`);
      const access = row.snapshot.context.access;
      if (
        !canSee(
          actor,
          subjectType,
          access,
          row.state,
          await this.loadAccessFacts(q, subjectType, row.id, actor, access),
        )
      ) {
        throw DomainException.notFound(`${subjectType} ${instanceId}`);
      }
      const definition = this.registry.get(`${row.workflow_id}@${row.workflow_version}`);
      return await this.view(
        q,
        definition,
        row.id,
        subjectType,
        restore(definition, row.snapshot, row.id),
        row.version,
        actor,
      );
    } finally {
      await q.release();
    }
  }

  /**
   * Every logged transition of the instance, as this actor may see it (history-visibility.ts); with
   * `verify`, the hash chain and the instance's row against the head of its log, read together.
   */
  async history(subjectType: string, instanceId: string, actor: Actor, verify: boolean) {
    const instance = await this.read(subjectType, instanceId, actor); // visibility
    const definition = this.registry.get(instance.workflow);
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    let rows: Record<string, unknown>[];
    let head:
      { last_hash: string; version: number; state: string; snapshot_value: PersistedSnapshot['value'] } | undefined;
    try {
      // One snapshot of the log and the instance row: a transition committing meanwhile is in both or neither.
      await q.startTransaction('REPEATABLE READ');
      rows = await q.query(
        `SELECT l.seq, l.event_type, l.payload, l.from_state, l.to_state, l.actor_user_id, l.occurred_at, l.prev_hash, l.hash,
                u.display_name AS actor_name
           FROM transition_log l LEFT JOIN users u ON u.id = l.actor_user_id
          WHERE l.instance_id = $1 ORDER BY l.seq`,
        [instanceId],
      );
      const stored = await q.query(
        `SELECT last_hash, version, state, snapshot -> 'value' AS snapshot_value FROM workflow_instances WHERE id = $1`,
        [instanceId],
      );
      head = stored[0];
      await q.commitTransaction();
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    if (!head) throw DomainException.notFound(`${subjectType} ${instanceId}`);
    const logged = rows.map((r) => ({
      seq: r.seq as number,
      event: r.event_type as string,
      payload: r.payload as Record<string, unknown>,
      from: r.from_state as string | null,
      to: r.to_state as string,
      actor: r.actor_user_id
        ? { id: r.actor_user_id as string, name: r.actor_name as string }
        : { id: null, name: 'system' },
      at: (r.occurred_at as Date).toISOString(),
      hash: r.hash as string,
    }));
    const access = (instance.context as { access: AccessContext }).access;
    // A call's steps name proposals (ranking, selection, board items): each reader keeps those they may see.
    const named = subjectType === 'call' ? [...new Set(logged.flatMap((r) => proposalsNamed(r.payload)))] : [];
    const readable = named.length > 0 ? await this.readableOf('proposal', named, actor) : undefined;
    const mayRead = readable && ((id: string) => readable.has(id));
    const items = visibleHistory(actor, definition, { type: subjectType, access, state: head.state, mayRead }, logged);
    let verification: InstanceVerification | undefined;
    if (verify) {
      verification = verifyInstance(
        rows.map((r) => ({
          instanceId,
          seq: r.seq as number,
          eventType: r.event_type as string,
          payload: r.payload as Record<string, unknown>,
          fromState: r.from_state as string | null,
          toState: r.to_state as string,
          actorUserId: r.actor_user_id as string | null,
          occurredAt: r.occurred_at as Date,
          prevHash: r.prev_hash as string,
          hash: r.hash as string,
        })),
        {
          lastHash: head.last_hash,
          version: head.version,
          state: head.state,
          snapshotState: stateString(head.snapshot_value),
        },
      );
    }
    return { items, verification };
  }

  private async view(
    q: QueryRunner,
    definition: WorkflowDefinition,
    id: string,
    subjectType: string,
    snapshot: AnyMachineSnapshot,
    version: number,
    actor: Actor,
  ): Promise<InstanceView> {
    const state = stateString(snapshot.value);
    const internals = seesInternals(actor, subjectType, (snapshot.context as { access: AccessContext }).access);
    return {
      id,
      subjectType,
      workflow: workflowKey(definition),
      state: internals ? state : maskState(definition, state),
      internals,
      version,
      status: snapshot.status,
      context: snapshot.context as Record<string, unknown>,
      allowedEvents: await this.allowedEvents(q, definition, id, subjectType, snapshot, actor),
    };
  }

  /** Events this actor may send now: permitted by the rule, handled by the state, and passing the guards. */
  private async allowedEvents(
    q: QueryRunner,
    definition: WorkflowDefinition,
    id: string,
    subjectType: string,
    snapshot: AnyMachineSnapshot,
    actor: Actor,
  ): Promise<string[]> {
    const access = (snapshot.context as { access: AccessContext }).access;
    const handled = handledEvents(snapshot);
    const allowed: string[] = [];
    for (const [type, rule] of Object.entries(definition.events)) {
      if (!handled.has(type)) continue;
      const permission = permits(actor, rule, access, undefined);
      if (!permission.allowed) continue;
      const event: Record<string, unknown> = { type, agency: permission.agency };
      if (rule.needsFacts) event.facts = await this.loadFacts(q, subjectType, id, event as { type: string }, 'probe');
      if (snapshot.can(event as never)) allowed.push(type);
    }
    return allowed;
  }

  private async loadFacts(
    q: QueryRunner,
    subjectType: string,
    id: string,
    event: { type: string },
    purpose: 'probe' | 'send',
  ): Promise<unknown> {
    const bySubject = this.facts.get(subjectType);
    const provider = bySubject?.get(event.type) ?? bySubject?.get('*');
    if (!provider) throw new Error(`no facts provider for ${event.type} of ${subjectType}s`);
    return provider(q, id, event, purpose);
  }

  /** Which of these subjects the actor may see (`canSee`, its facts read in one batch); unknown ids are not. */
  private async readableOf(subjectType: string, ids: string[], actor: Actor): Promise<Set<string>> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      const rows: { id: string; state: string; access: AccessContext }[] = await q.query(
        `SELECT id, state, snapshot -> 'context' -> 'access' AS access FROM workflow_instances WHERE subject_type = $1 AND id::text = ANY($2::text[])`,
        [subjectType, ids],
      );
      const batch = this.accessFactsBatch.get(subjectType);
      const asking = batch && actor.userId !== null ? rows.filter((r) => needsAccessFacts(actor, r.access)) : [];
      const answers =
        asking.length > 0
          ? await batch!(
              q,
              asking.map((r) => ({ subjectId: r.id, userId: actor.userId as string })),
            )
          : [];
      const facts = new Map(asking.map((r, i) => [r.id, answers[i]]));
      return new Set(
        rows.filter((r) => canSee(actor, subjectType, r.access, r.state, facts.get(r.id) ?? {})).map((r) => r.id),
      );
    } finally {
      await q.release();
    }
  }

  private async loadAccessFacts(
    q: QueryRunner,
    subjectType: string,
    id: string,
    actor: Actor,
    access: AccessContext,
  ): Promise<AccessFacts> {
    const provider = this.accessFacts.get(subjectType);
    if (!provider || !needsAccessFacts(actor, access)) return {};
    return provider(q, id, actor);
  }

  /**
   * Moves an instance (locked by the caller's transaction) to another version of its workflow, in
   * the planned state, keeping its context: a logged, hash-chained `MIGRATED` transition (ARCHITECTURE.md,
   * versioning). `WorkflowMigrator` plans and checks the move; this only writes it.
   */
  async moveToVersion(
    q: QueryRunner,
    instanceId: string,
    from: WorkflowDefinition,
    to: WorkflowDefinition,
    move: { from: string; to: string },
    actorUserId: string | null,
  ): Promise<{ from: string; to: string; version: number }> {
    const rows: InstanceRow[] = await q.query(
      `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = $1 FOR UPDATE`,
      [instanceId],
    );
    const row = rows[0];
    const what = `instance ${instanceId}`;
    if (!row) throw DomainException.notFound(what);
    if (`${row.workflow_id}@${row.workflow_version}` !== workflowKey(from)) {
      throw new DomainException(
        ErrorCode.ConcurrentModification,
        `${what} runs ${row.workflow_id}@${row.workflow_version}, not ${workflowKey(from)}`,
      );
    }
    if (row.state !== move.from) {
      throw new DomainException(
        ErrorCode.ConcurrentModification,
        `${what} is in ${row.state} now, not ${move.from} as planned; plan again`,
      );
    }
    restore(from, row.snapshot, row.id);
    const moved = restore(to, { ...row.snapshot, value: stateValueOf(move.to) }, row.id);
    const log = {
      instanceId: row.id,
      seq: row.version + 1,
      eventType: 'MIGRATED',
      payload: { from: workflowKey(from), to: workflowKey(to) },
      fromState: row.state,
      toState: move.to,
      actorUserId,
      occurredAt: new Date(),
    };
    const hash = rowHash(row.last_hash, log);
    await this.writeTransition(q, row, to.version, persist(to, moved), log, hash, what, []);
    return { from: row.state, to: move.to, version: log.seq };
  }

  /**
   * The state, its log row and the given outbox rows in one statement (one round trip): the log and
   * outbox rows exist only if the versioned UPDATE matched.
   */
  private async writeTransition(
    q: QueryRunner,
    row: InstanceRow,
    workflowVersion: number,
    snapshot: PersistedSnapshot,
    log: {
      seq: number;
      eventType: string;
      payload: Record<string, unknown>;
      toState: string;
      actorUserId: string | null;
      occurredAt: Date;
    },
    hash: string,
    what: string,
    outbox: Effect[],
  ): Promise<void> {
    const values: unknown[] = [
      row.id,
      row.version,
      log.toState,
      snapshot,
      hash,
      log.seq,
      log.eventType,
      log.payload,
      row.state,
      log.actorUserId,
      log.occurredAt,
      row.last_hash,
      workflowVersion,
    ];
    const outboxTuples = outbox.map((e, i) => {
      values.push(e.kind, e.params);
      return `($${values.length - 1}::varchar, $${values.length}::jsonb, ${i})`;
    });
    const boxed = outboxTuples.length
      ? `, boxed AS (
         INSERT INTO outbox (instance_id, transition_seq, kind, payload)
         SELECT u.id, $6, e.kind, e.payload FROM updated u CROSS JOIN (VALUES ${outboxTuples.join(', ')}) AS e(kind, payload, n) ORDER BY e.n)`
      : '';
    const written: unknown[] = await q.query(
      `WITH updated AS (
         UPDATE workflow_instances SET state = $3, snapshot = $4, version = version + 1, last_hash = $5, workflow_version = $13, updated_at = now()
          WHERE id = $1 AND version = $2
         RETURNING id)${boxed}
       INSERT INTO transition_log (instance_id, seq, event_type, payload, from_state, to_state, actor_user_id, occurred_at, prev_hash, hash)
       SELECT id, $6, $7, $8, $9, $3, $10, $11, $12, $5 FROM updated
       RETURNING seq`,
      values,
    );
    if (written.length !== 1) {
      throw new DomainException(
        ErrorCode.ConcurrentModification,
        `${what} was changed by another request; read it again`,
      );
    }
  }

  private async appendLog(
    q: QueryRunner,
    row: {
      instanceId: string;
      seq: number;
      eventType: string;
      payload: Record<string, unknown>;
      fromState: string | null;
      toState: string;
      actorUserId: string | null;
      occurredAt: Date;
    },
    prevHash: string,
    hash: string,
  ): Promise<void> {
    await q.query(
      `INSERT INTO transition_log (instance_id, seq, event_type, payload, from_state, to_state, actor_user_id, occurred_at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.instanceId,
        row.seq,
        row.eventType,
        row.payload,
        row.fromState,
        row.toState,
        row.actorUserId,
        row.occurredAt,
        prevHash,
        hash,
      ],
    );
  }

  /**
   * Effects in the transition's transaction: `schedule` sets a durable timer (resolving `at` from the
   * context when it names a field); everything else goes to the outbox. A notification caused by an
   * event sent for an agency carries that agency (the `event-agency-staff` audience needs it).
   */
  private async writeEffects(
    q: QueryRunner,
    instanceId: string,
    seq: number,
    effects: Effect[],
    context: Record<string, unknown>,
    agency: string | undefined,
  ): Promise<void> {
    for (const e of effects) {
      if (e.kind === 'schedule') {
        const { timer, at, event } = e.params as { timer: string; at: string; event: string };
        const value = typeof context[at] === 'string' ? (context[at] as string) : at;
        await this.timers.set(q, { instanceId, name: timer, dueAt: new Date(value), event: { type: event } });
      }
    }
    await this.writeOutbox(q, instanceId, seq, outboxEffects(effects, agency));
  }

  private async writeOutbox(q: QueryRunner, instanceId: string, seq: number, effects: Effect[]): Promise<void> {
    if (effects.length === 0) return;
    const values: unknown[] = [];
    const tuples = effects.map((e, i) => {
      values.push(instanceId, seq, e.kind, e.params);
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
    });
    await q.query(
      `INSERT INTO outbox (instance_id, transition_seq, kind, payload) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
}

/** The effects that go to the outbox (all but timers); a notification caused for an agency carries it. */
function outboxEffects(effects: Effect[], agency: string | undefined): Effect[] {
  return effects
    .filter((e) => e.kind !== 'schedule')
    .map((e) => (e.kind === 'notify' && agency !== undefined ? { kind: e.kind, params: { ...e.params, agency } } : e));
}

/**
 * PostgreSQL aborted the transaction because of a concurrent one (a deadlock between two decisions
 * locking the same budget and proposals in opposite orders): nothing was written; the caller reads
 * again and retries, as after any concurrent modification.
 */
function asConcurrencyProblem(e: unknown): unknown {
  const code =
    (e as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (e as { code?: string }).code;
  return code === '40P01' || code === '40001'
    ? new DomainException(
        ErrorCode.ConcurrentModification,
        'the change collided with a concurrent one and was not made; read it again',
      )
    : e;
}

const maskState = (definition: WorkflowDefinition, state: string): string => definition.maskedStates?.[state] ?? state;

function parseEventBody(body: unknown): { type: string; payload: Record<string, unknown> } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw DomainException.invalid([{ field: '(body)', message: 'must be a JSON object such as {"type": "SUBMIT"}' }]);
  }
  const { type, ...payload } = body as Record<string, unknown>;
  if (typeof type !== 'string' || type.length === 0) {
    throw DomainException.invalid([{ field: 'type', message: 'is required: the name of the event to send' }]);
  }
  return { type, payload };
}
