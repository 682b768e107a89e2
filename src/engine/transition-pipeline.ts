import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { AnyMachineSnapshot } from 'xstate';
import {
  workflowKey,
  type AccessContext,
  type ScheduleEffect,
  type WorkflowDefinition,
} from '../../workflows/index.js';
import { DomainException, ErrorCode } from '../common/domain.exception.js';
import {
  canSee,
  notAppointedReason,
  permits,
  seesInternals,
  systemOnly,
  systemOnlyReason,
  withAppointments,
} from './access.js';
import type { CreateArgs, SendCommand, Transitioned, TransitionResult } from './engine.types.js';
import { GENESIS_HASH, rowHash } from './hash-chain.js';
import { recordedStep } from './history-visibility.js';
import { HookRegistry } from './hook-registry.js';
import {
  advance,
  handledEvents,
  persist,
  restore,
  start,
  stateString,
  stateValueOf,
  type Effect,
} from './machine-runtime.js';
import { projectContext, type InstanceProjection } from './projection.js';
import { engineLevers } from './store/engine-levers.js';
import { WorkflowStore, type InstanceRow } from './store/workflow.store.js';
import { TimersService } from './timers.service.js';
import { TransitionObservers } from './transition-observers.js';
import { maskState, WorkflowReader } from './workflow-reader.js';
import { WorkflowRegistry } from './workflow-registry.js';

type Labels = { workflow: string; event: string };

/** How often an optimistic send reads and decides again after a concurrent change, before it takes the row lock. */
const OPTIMISTIC_TRIES = 3;

/** Thrown inside an optimistic attempt that cannot finish without a transaction (a data writer or timers to set). */
class NeedsTransaction extends Error {}
/** Thrown inside an optimistic attempt whose versioned write matched no row: the instance moved meanwhile. */
class MovedMeanwhile extends Error {}

/**
 * The one transition pipeline (ARCHITECTURE.md section 3). Controllers, timers and bulk actions all
 * come through here; nothing else writes a workflow state. Every transition goes past the same
 * observers, whichever entry it came by.
 */
@Injectable()
export class TransitionPipeline {
  constructor(
    private readonly store: WorkflowStore,
    private readonly registry: WorkflowRegistry,
    private readonly timers: TimersService,
    private readonly hooks: HookRegistry,
    private readonly observers: TransitionObservers,
    private readonly reader: WorkflowReader,
  ) {}

  /** Runs `work` in one transaction: several creates and sends happen whole or not at all. */
  async transaction<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    try {
      return await this.store.transaction(work);
    } catch (e) {
      throw asConcurrencyProblem(e);
    }
  }

  /** Starts an instance inside the caller's transaction (the caller writes the subject row beside it). */
  async create(q: QueryRunner, args: CreateArgs): Promise<{ id: string; state: string; version: number }> {
    const started = performance.now();
    const definition = this.registry.get(args.workflow);
    if (definition.subject !== args.subjectType) {
      throw new Error(`workflow ${args.workflow} runs ${definition.subject}s, not ${args.subjectType}s`);
    }
    const { snapshot, effects } = start(definition, { ...(args.input ?? {}), access: args.access });
    const state = stateString(snapshot.value);
    const context = snapshot.context as Record<string, unknown>;
    const log = {
      instanceId: args.id,
      seq: 1,
      eventType: 'CREATED',
      payload: {},
      fromState: null,
      toState: state,
      actorUserId: args.actor.userId,
      occurredAt: new Date(),
    };
    const hash = rowHash(GENESIS_HASH, log);
    await this.store.insertInstance(
      q,
      {
        id: args.id,
        subjectType: args.subjectType,
        workflowId: definition.id,
        workflowVersion: definition.version,
        state,
        snapshot: persist(definition, snapshot),
        hash,
      },
      projectContext(args.subjectType, context),
      log,
      GENESIS_HASH,
    );
    await this.writeEffects(q, args.id, 1, effects, context, undefined, log.occurredAt);
    this.observers.afterCommit(q, {
      subjectType: args.subjectType,
      instanceId: args.id,
      workflow: workflowKey(definition),
      event: 'CREATED',
      outcome: 'ok',
      seconds: (performance.now() - started) / 1000,
      source: 'create',
    });
    // The subject row is written after this in the same transaction: read the full view after commit.
    return { id: args.id, state, version: 1 };
  }

  /**
   * Sends one event through the pipeline in its own transaction; the change happens whole or not at
   * all. The actor's view (with allowedEvents) is built once, after the lock is released.
   */
  async send(cmd: SendCommand): Promise<TransitionResult> {
    const { done, transition, effects } = await this.sendOnly(cmd);
    const { transitioned, definition, snapshot } = done;
    const instance = await this.reader.view(
      definition,
      transitioned.instanceId,
      cmd.subjectType,
      snapshot,
      transitioned.version,
      cmd.actor,
    );
    return { instance, transition, effects };
  }

  /**
   * As `send`, for a caller that reads the instance again anyway (a console form answers with a
   * redirect to its page): no view is built.
   */
  async sendWithoutView(cmd: SendCommand): Promise<Omit<TransitionResult, 'instance'>> {
    const { transition, effects } = await this.sendOnly(cmd);
    return { transition, effects };
  }

  private async sendOnly(cmd: SendCommand) {
    const started = performance.now();
    const labels: Labels = { workflow: 'unknown', event: 'unknown' };
    let done: Awaited<ReturnType<TransitionPipeline['transition']>>;
    try {
      done = (await this.optimistic(cmd, labels)) ?? (await this.transaction((q) => this.transition(q, cmd, labels)));
    } catch (e) {
      this.notify(cmd, labels, e instanceof DomainException ? e.code : ErrorCode.Internal, started, 'send');
      throw e;
    }
    this.notify(cmd, labels, 'ok', started, 'send');
    const { transitioned, definition, snapshot } = done;
    const internals = seesInternals(cmd.actor, cmd.subjectType, (snapshot.context as { access: AccessContext }).access);
    const { from, to } = transitioned.transition;
    return {
      done,
      transition: internals
        ? transitioned.transition
        : { ...transitioned.transition, from: maskState(definition, from), to: maskState(definition, to) },
      effects: transitioned.effects,
    };
  }

  /**
   * Sends one event inside the caller's open transaction; no view is built. Bulk actions use it, and
   * a firing timer marks itself fired in the same transaction as the transition it causes. Observers
   * hear of it when that transaction commits.
   */
  async sendWithin(
    q: QueryRunner,
    cmd: Omit<SendCommand, 'expectedVersion'> & { expectedVersion?: number },
  ): Promise<Transitioned> {
    const started = performance.now();
    const labels: Labels = { workflow: 'unknown', event: 'unknown' };
    try {
      const { transitioned } = await this.transition(q, cmd, labels);
      this.observers.afterCommit(q, this.observation(cmd, labels, 'ok', started, 'within'));
      return transitioned;
    } catch (e) {
      this.notify(cmd, labels, e instanceof DomainException ? e.code : ErrorCode.Internal, started, 'within');
      throw e;
    }
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
    const row = await this.store.lock(q, instanceId);
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
    const projection = projectContext(row.subject_type, moved.context as Record<string, unknown>);
    if (!(await this.store.writeTransition(q, row, to.version, persist(to, moved), log, hash, [], projection))) {
      throw changedMeanwhile(what);
    }
    return { from: row.state, to: move.to, version: log.seq };
  }

  /**
   * Appends a step that does not change the state to the instance's log, in the caller's
   * transaction: a decision a module keeps in the subject's audit trail beside its transitions (a
   * PD's duplicate-funding ruling). It is hash-chained and counted in the row version like a
   * transition, so the log still verifies and a stale `If-Match` is refused. Only steps registered
   * with their visibility (history-visibility.ts `registerRecordedStep`) are written.
   */
  async record(
    q: QueryRunner,
    subjectType: string,
    instanceId: string,
    entry: { event: string; payload: Record<string, unknown>; actorUserId: string | null },
  ): Promise<{ seq: number; state: string; occurredAt: Date }> {
    if (!recordedStep(entry.event)) throw new Error(`${entry.event} is not a registered recorded step`);
    const row = await this.store.lock(q, instanceId, subjectType);
    const what = `${subjectType} ${instanceId}`;
    if (!row) throw DomainException.notFound(what);
    const log = {
      instanceId: row.id,
      seq: row.version + 1,
      eventType: entry.event,
      payload: JSON.parse(JSON.stringify(entry.payload)) as Record<string, unknown>,
      fromState: row.state,
      toState: row.state,
      actorUserId: entry.actorUserId,
      occurredAt: new Date(),
    };
    const hash = rowHash(row.last_hash, log);
    if (!(await this.store.appendRecord(q, row, log, hash))) throw changedMeanwhile(what);
    return { seq: log.seq, state: row.state, occurredAt: log.occurredAt };
  }

  /**
   * A send as two statements without an explicit transaction (engineLevers.optimistic): the
   * instance read without a lock, the same checks and decision as under the lock, then the versioned
   * write of state, log and outbox in one statement, which is atomic on its own. When the instance
   * moved meanwhile the write matches no row and nothing is written: read and decide again, as a
   * sender queued behind the lock would. Undefined when the send needs the locked transaction: a
   * data writer for the event, timers to set, or collisions several times over.
   */
  private async optimistic(cmd: SendCommand, labels: Labels) {
    if (!engineLevers.optimistic) return undefined;
    const type = (cmd.body as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && this.hooks.writerFor(cmd.subjectType, type)) return undefined;
    for (let tries = 0; tries < OPTIMISTIC_TRIES; tries++) {
      try {
        return await this.store.connection((q) => this.transition(q, cmd, labels, 'optimistic'));
      } catch (e) {
        if (e instanceof NeedsTransaction) return undefined;
        if (!(e instanceof MovedMeanwhile)) throw asConcurrencyProblem(e);
      }
    }
    return undefined;
  }

  private async transition(
    q: QueryRunner,
    cmd: Omit<SendCommand, 'expectedVersion'> & { expectedVersion?: number },
    labels: Labels,
    mode: 'locked' | 'optimistic' = 'locked',
  ): Promise<{ transitioned: Transitioned; definition: WorkflowDefinition; snapshot: AnyMachineSnapshot }> {
    const { type, payload } = parseEventBody(cmd.body);
    const row: InstanceRow | undefined =
      mode === 'locked'
        ? await this.store.lock(q, cmd.instanceId, cmd.subjectType)
        : await this.store.find(q, cmd.instanceId, cmd.subjectType);
    const what = `${cmd.subjectType} ${cmd.instanceId}`;
    if (!row) throw DomainException.notFound(what);
    const definition = this.registry.get(`${row.workflow_id}@${row.workflow_version}`);
    const snapshot = restore(definition, row.snapshot, row.id);
    const access = row.snapshot.context.access;
    const accessFacts = await this.hooks.loadAccessFacts(q, cmd.subjectType, row.id, cmd.actor, access);
    if (!canSee(cmd.actor, cmd.subjectType, access, row.state, accessFacts)) throw DomainException.notFound(what);
    labels.workflow = workflowKey(definition);

    // Own keys only: `constructor` or `toString` name no event, whatever Object.prototype holds.
    const rule = Object.hasOwn(definition.events, type) ? definition.events[type] : undefined;
    if (rule) labels.event = type;
    if (!rule) {
      throw new DomainException(ErrorCode.ValidationFailed, `unknown event type ${type}`, {
        errors: [{ field: 'type', message: `must be one of ${Object.keys(definition.events).join(', ')}` }],
      });
    }
    // Timers and fan-outs are the workflow's own: no person sends them (src/engine/access.ts).
    if (cmd.actor.userId !== null && systemOnly(rule))
      throw new DomainException(ErrorCode.Forbidden, systemOnlyReason(type));
    // A proposal's events go by its call's appointments: an agency's PO/PD not appointed for the call do not act.
    const authorizing = withAppointments(access, accessFacts);
    const refusal = (agency?: string) =>
      authorizing !== access && permits(cmd.actor, rule, access, agency).allowed
        ? notAppointedReason(type, cmd.subjectType)
        : `your roles do not allow ${type} on this ${cmd.subjectType}`;
    // Deny first: someone who holds none of the event's roles here learns nothing about its payload.
    const holdsARole = permits(cmd.actor, rule, authorizing, undefined);
    if (!holdsARole.allowed && !holdsARole.chooseFrom) throw new DomainException(ErrorCode.Forbidden, refusal());
    const parsed = rule.payload.safeParse(payload);
    if (!parsed.success) {
      throw DomainException.invalid(
        parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
      );
    }
    const data = parsed.data as Record<string, unknown>;
    const permission = permits(cmd.actor, rule, authorizing, data.agency as string | undefined);
    if (permission.chooseFrom) {
      throw DomainException.invalid([
        {
          field: 'agency',
          message: `you act for several agencies here: name one of ${permission.chooseFrom.join(', ')}`,
        },
      ]);
    }
    if (!permission.allowed) throw new DomainException(ErrorCode.Forbidden, refusal(data.agency as string | undefined));
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
        allowedEvents: await this.reader.allowedEvents(q, definition, row.id, cmd.subjectType, snapshot, cmd.actor),
      });
    }

    const event: Record<string, unknown> = { ...data, type };
    if (permission.agency !== undefined) event.agency = permission.agency;
    if (rule.needsFacts)
      event.facts = await this.hooks.loadFacts(q, cmd.subjectType, row.id, event as { type: string }, 'send');
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
    const context = next.context as Record<string, unknown>;
    const { facts: _facts, type: _type, ...logged } = event;
    const log = {
      seq,
      eventType: type,
      payload: logged,
      toState: to,
      actorUserId: cmd.actor.userId,
      occurredAt: new Date(),
    };
    // Without timers to set, the outbox rows go in the same statement as the transition (one round trip less).
    const timed = effects.some((e) => e.kind === 'schedule');
    const writer = this.hooks.writerFor(cmd.subjectType, type);
    if (mode === 'optimistic' && (timed || writer)) throw new NeedsTransaction();
    const hash = rowHash(row.last_hash, { ...log, instanceId: row.id, fromState: row.state });
    const projection = projectContext(cmd.subjectType, context);
    // The read model is written only when what it projects changed (engineLevers.projectionDiff).
    const projectionChanged =
      !engineLevers.projectionDiff ||
      !sameProjection(projection, projectContext(cmd.subjectType, snapshot.context as Record<string, unknown>));
    const persisted = persist(definition, next);

    const agency = event.agency as string | undefined;
    const inline = timed ? [] : outboxEffects(effects, agency);
    if (
      !(await this.store.writeTransition(
        q,
        row,
        definition.version,
        persisted,
        log,
        hash,
        inline,
        projectionChanged ? projection : null,
      ))
    ) {
      if (mode === 'optimistic') throw new MovedMeanwhile();
      throw changedMeanwhile(what);
    }
    if (timed) await this.writeEffects(q, row.id, seq, effects, context, agency, log.occurredAt);
    if (writer) {
      await writer({
        q,
        subjectType: cmd.subjectType,
        instanceId: row.id,
        event: event as { type: string },
        from: row.state,
        to,
        context,
        actor: cmd.actor,
        send: (nested) => this.sendWithin(q, nested),
        create: (args) => this.create(q, args),
      });
    }

    return {
      transitioned: {
        instanceId: row.id,
        state: to,
        version: seq,
        context,
        transition: { seq, event: type, from: row.state, to, occurredAt: log.occurredAt.toISOString() },
        effects,
      },
      definition,
      snapshot: next,
    };
  }

  /**
   * Effects in the transition's transaction: `schedule` sets a durable timer (resolving `at` from the
   * context when it names a field, or `afterDays` from the transition's time); everything else goes to the outbox. A notification caused by an
   * event sent for an agency carries that agency (the `event-agency-staff` audience needs it).
   */
  private async writeEffects(
    q: QueryRunner,
    instanceId: string,
    seq: number,
    effects: Effect[],
    context: Record<string, unknown>,
    agency: string | undefined,
    occurredAt: Date,
  ): Promise<void> {
    for (const e of effects) {
      if (e.kind === 'schedule') {
        const { timer, at, afterDays, event } = e.params as unknown as ScheduleEffect;
        const value = typeof context[at] === 'string' ? (context[at] as string) : at;
        const dueAt =
          afterDays !== undefined ? new Date(occurredAt.getTime() + afterDays * 24 * 3600 * 1000) : new Date(value);
        await this.timers.set(q, { instanceId, name: timer, dueAt, event: { type: event } });
      }
    }
    await this.store.writeOutbox(q, instanceId, seq, outboxEffects(effects, agency));
  }

  private observation(
    cmd: { subjectType: string; instanceId: string },
    labels: Labels,
    outcome: string,
    started: number,
    source: 'send' | 'within',
  ) {
    return {
      subjectType: cmd.subjectType,
      instanceId: cmd.instanceId,
      ...labels,
      outcome,
      seconds: (performance.now() - started) / 1000,
      source,
    };
  }

  private notify(
    cmd: { subjectType: string; instanceId: string },
    labels: Labels,
    outcome: string,
    started: number,
    source: 'send' | 'within',
  ): void {
    this.observers.notify(this.observation(cmd, labels, outcome, started, source));
  }
}

const changedMeanwhile = (what: string) =>
  new DomainException(ErrorCode.ConcurrentModification, `${what} was changed by another request; read it again`);

/** Two projections hold the same values (they are plain JSON data, built in one key order). */
function sameProjection(a: InstanceProjection, b: InstanceProjection): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
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
export function asConcurrencyProblem(e: unknown): unknown {
  const code =
    (e as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (e as { code?: string }).code;
  return code === '40P01' || code === '40001'
    ? new DomainException(
        ErrorCode.ConcurrentModification,
        'the change collided with a concurrent one and was not made; read it again',
      )
    : e;
}

export function parseEventBody(body: unknown): { type: string; payload: Record<string, unknown> } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw DomainException.invalid([{ field: '(body)', message: 'must be a JSON object such as {"type": "SUBMIT"}' }]);
  }
  const { type, ...payload } = body as Record<string, unknown>;
  if (typeof type !== 'string' || type.length === 0) {
    throw DomainException.invalid([{ field: 'type', message: 'is required: the name of the event to send' }]);
  }
  return { type, payload };
}
