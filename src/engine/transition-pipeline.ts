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
  type AccessFacts,
} from './access.js';
import type {
  CreateArgs,
  FactsBatch,
  FactsBatchItem,
  SendCommand,
  Transitioned,
  TransitionResult,
} from './engine.types.js';
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
import { WorkflowStore, type BatchedTransition, type InstanceRow } from './store/workflow.store.js';
import { TimersService } from './timers.service.js';
import { TransitionObservers } from './transition-observers.js';
import { maskState, WorkflowReader } from './workflow-reader.js';
import { WorkflowRegistry } from './workflow-registry.js';

type Labels = { workflow: string; event: string };

type WithinCommand = Omit<SendCommand, 'expectedVersion'> & { expectedVersion?: number };

/** A send checked up to its facts (`check`): the instance, its definition and the event as the machine will see it. */
interface Checked {
  row: InstanceRow;
  what: string;
  definition: WorkflowDefinition;
  snapshot: AnyMachineSnapshot;
  rule: WorkflowDefinition['events'][string];
  type: string;
  event: { type: string } & Record<string, unknown>;
  labels: Labels;
}

/** A decided send (`decide`): the rows to write and what follows them. */
interface Decided {
  write: BatchedTransition;
  next: AnyMachineSnapshot;
  to: string;
  context: Record<string, unknown>;
  effects: Effect[];
  timed: boolean;
  agency: string | undefined;
}

/** A transition as the caller sees it. */
function transitioned(d: Decided): Transitioned {
  const { row, log } = d.write;
  return {
    instanceId: row.id,
    state: d.to,
    version: log.seq,
    context: d.context,
    transition: {
      seq: log.seq,
      event: log.eventType,
      from: row.state,
      to: d.to,
      occurredAt: log.occurredAt.toISOString(),
    },
    effects: d.effects,
  };
}

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
  async sendWithin(q: QueryRunner, cmd: WithinCommand): Promise<Transitioned> {
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
    cmd: WithinCommand,
    labels: Labels,
    mode: 'locked' | 'optimistic' = 'locked',
  ): Promise<{ transitioned: Transitioned; definition: WorkflowDefinition; snapshot: AnyMachineSnapshot }> {
    parseEventBody(cmd.body); // a malformed body is refused before the instance is looked up
    const row: InstanceRow | undefined =
      mode === 'locked'
        ? await this.store.lock(q, cmd.instanceId, cmd.subjectType)
        : await this.store.find(q, cmd.instanceId, cmd.subjectType);
    if (!row) throw DomainException.notFound(`${cmd.subjectType} ${cmd.instanceId}`);
    const accessFacts = await this.hooks.loadAccessFacts(
      q,
      cmd.subjectType,
      row.id,
      cmd.actor,
      row.snapshot.context.access,
    );
    const checked = await this.check(q, cmd, row, accessFacts, labels);
    if (checked.rule.needsFacts) {
      checked.event.facts = await this.hooks.loadFacts(q, cmd.subjectType, row.id, checked.event, 'send');
    }
    const decided = this.decide(cmd, checked);
    const { write, effects, timed, context, to } = decided;
    const writer = this.hooks.writerFor(cmd.subjectType, checked.type);
    if (mode === 'optimistic' && (timed || writer)) throw new NeedsTransaction();
    // Without timers to set, the outbox rows go in the same statement as the transition (one round trip less).
    const inline = timed ? [] : write.outbox;
    if (
      !(await this.store.writeTransition(
        q,
        row,
        write.workflowVersion,
        write.snapshot,
        write.log,
        write.hash,
        inline,
        write.projection,
      ))
    ) {
      if (mode === 'optimistic') throw new MovedMeanwhile();
      throw changedMeanwhile(checked.what);
    }
    if (timed)
      await this.writeEffects(q, row.id, write.log.seq, effects, context, decided.agency, write.log.occurredAt);
    if (writer) {
      await writer({
        q,
        subjectType: cmd.subjectType,
        instanceId: row.id,
        event: checked.event,
        from: row.state,
        to,
        context,
        actor: cmd.actor,
        send: (nested) => this.sendWithin(q, nested),
        sendMany: (nested) => this.sendManyWithin(q, nested),
        create: (args) => this.create(q, args),
      });
    }
    return { transitioned: transitioned(decided), definition: checked.definition, snapshot: decided.next };
  }

  /**
   * Sends many events inside the caller's open transaction, in order, as `sendWithin` would one by
   * one (a call's decision fanned out to its proposals), in chunks of `engineLevers.fanOutChunk`: each chunk's
   * rows locked in one statement (id order), their access facts and batched event facts loaded
   * once, every item decided in memory by the same checks as `transition`, then their states, log,
   * read model and outbox written in one statement. An item whose event has a data writer, or facts
   * without a batch provider, goes through `transition` on its own (after what came before it is
   * written), so it sees every earlier item. The first refused item throws: the caller's
   * transaction is undone whole. Nothing is kept per item after its chunk but its observation.
   */
  async sendManyWithin(q: QueryRunner, cmds: Iterable<WithinCommand>): Promise<number> {
    const batches = new Map<string, FactsBatch>();
    let chunk: WithinCommand[] = [];
    const inChunk = new Set<string>();
    let sent = 0;
    const flush = async () => {
      if (chunk.length > 0) await this.sendChunk(q, chunk, batches);
      sent += chunk.length;
      chunk = [];
      inChunk.clear();
    };
    for (const cmd of cmds) {
      if (!this.batchable(cmd)) {
        await flush();
        // What the batches carry may be changed by this send's writer or read by its facts: start again after it.
        batches.clear();
        await this.sendWithin(q, cmd);
        sent++;
        continue;
      }
      // The same instance twice: the second decides on what the first wrote.
      if (inChunk.has(cmd.instanceId)) await flush();
      chunk.push(cmd);
      inChunk.add(cmd.instanceId);
      if (chunk.length >= engineLevers.fanOutChunk) await flush();
    }
    await flush();
    return sent;
  }

  /** Whether a send can be decided within a chunk: no data writer, and facts only from a batch provider. */
  private batchable(cmd: WithinCommand): boolean {
    const type = (cmd.body as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') return true;
    if (this.hooks.writerFor(cmd.subjectType, type)) return false;
    return !this.needsFacts(cmd.subjectType, type) || this.hooks.factsBatchFor(cmd.subjectType, type) !== undefined;
  }

  /** Whether some definition of the subject type takes server facts for this event. */
  private needsFacts(subjectType: string, type: string): boolean {
    const key = `${subjectType}:${type}`;
    let needs = this.factsEvents.get(key);
    if (needs === undefined) {
      needs = this.registry
        .all()
        .some((d) => d.subject === subjectType && Object.hasOwn(d.events, type) && Boolean(d.events[type].needsFacts));
      this.factsEvents.set(key, needs);
    }
    return needs;
  }

  private readonly factsEvents = new Map<string, boolean>();

  private async sendChunk(q: QueryRunner, cmds: WithinCommand[], batches: Map<string, FactsBatch>): Promise<void> {
    const started = performance.now();
    const rows = await this.store.lockMany(
      q,
      cmds.map((c) => c.instanceId),
    );
    const accessFacts = await this.chunkAccessFacts(q, cmds, rows);
    const checked: Checked[] = [];
    const items: (FactsBatchItem | undefined)[] = [];
    for (const [i, cmd] of cmds.entries()) {
      const labels: Labels = { workflow: 'unknown', event: 'unknown' };
      try {
        const row = rows.get(cmd.instanceId);
        if (!row || row.subject_type !== cmd.subjectType) {
          throw DomainException.notFound(`${cmd.subjectType} ${cmd.instanceId}`);
        }
        const c = await this.check(q, cmd, row, accessFacts[i], labels);
        checked.push(c);
        items.push(
          c.rule.needsFacts
            ? {
                subjectId: row.id,
                event: c.event,
                state: row.state,
                context: c.snapshot.context as Record<string, unknown>,
              }
            : undefined,
        );
      } catch (e) {
        this.notify(cmd, labels, e instanceof DomainException ? e.code : ErrorCode.Internal, started, 'within');
        throw e;
      }
    }
    // Each event type's batch loads what the chunk's items of that type need, in a few statements.
    const byType = new Map<string, FactsBatchItem[]>();
    for (const [i, item] of items.entries()) {
      if (!item) continue;
      const key = `${cmds[i].subjectType}:${item.event.type}`;
      const typed = byType.get(key);
      if (typed) typed.push(item);
      else byType.set(key, [item]);
    }
    for (const [key, typed] of byType) {
      let batch = batches.get(key);
      if (!batch) {
        const [subjectType, type] = key.split(':');
        batch = this.hooks.factsBatchFor(subjectType, type)!('send');
        batches.set(key, batch);
      }
      await batch.prepare(q, typed);
    }
    const decided: Decided[] = [];
    for (const [i, c] of checked.entries()) {
      const cmd = cmds[i];
      const item = items[i];
      const batch = item && batches.get(`${cmd.subjectType}:${item.event.type}`);
      try {
        if (item && batch) c.event.facts = batch.factsFor(item);
        const d = this.decide(cmd, c);
        if (item && batch) batch.applied(item, { state: d.to, context: d.context });
        decided.push(d);
      } catch (e) {
        this.notify(cmd, c.labels, e instanceof DomainException ? e.code : ErrorCode.Internal, started, 'within');
        throw e;
      }
    }
    // A proposal's first SUBMIT stamps its read model: written on its own, as `transition` writes it.
    const stamping = (d: Decided) => d.write.log.eventType === 'SUBMIT' && d.write.row.subject_type === 'proposal';
    const together = decided.filter((d) => !stamping(d));
    if (
      (await this.store.writeTransitions(
        q,
        together.map((d) => d.write),
      )) !== together.length
    ) {
      throw changedMeanwhile(`${together.length} ${cmds[0].subjectType}(s)`);
    }
    for (const d of decided) {
      const { row, log, hash, outbox, projection, snapshot, workflowVersion } = d.write;
      if (
        stamping(d) &&
        !(await this.store.writeTransition(q, row, workflowVersion, snapshot, log, hash, outbox, projection))
      ) {
        throw changedMeanwhile(`${row.subject_type} ${row.id}`);
      }
      if (d.timed) await this.setTimers(q, row.id, d.effects, d.context, log.occurredAt);
    }
    const seconds = (performance.now() - started) / 1000 / cmds.length;
    for (const [i, c] of checked.entries()) {
      this.observers.afterCommit(q, {
        ...this.observation(cmds[i], c.labels, 'ok', performance.now(), 'within'),
        seconds,
      });
    }
  }

  /** Access facts of a chunk's items, in its order (`{}` for an item whose instance is not of its subject type). */
  private async chunkAccessFacts(
    q: QueryRunner,
    cmds: readonly WithinCommand[],
    rows: ReadonlyMap<string, InstanceRow>,
  ): Promise<AccessFacts[]> {
    const found = cmds.flatMap((cmd, i) => {
      const row = rows.get(cmd.instanceId);
      return row && row.subject_type === cmd.subjectType ? [{ i, row, cmd }] : [];
    });
    const answers = await this.hooks.accessFactsOfMany(
      q,
      found.map(({ row, cmd }) => ({
        subjectType: cmd.subjectType,
        id: row.id,
        actor: cmd.actor,
        access: row.snapshot.context.access,
      })),
    );
    const facts: AccessFacts[] = cmds.map(() => ({}));
    found.forEach(({ i }, k) => (facts[i] = answers[k]));
    return facts;
  }

  /**
   * The checks of a send up to its facts, the same for one and for a chunk: the subject is visible
   * to the actor, the event is the definition's, the actor may send it (roles, appointments,
   * agency), the payload is valid, If-Match is current, and the state handles it. Answers the event
   * as the machine will see it (with the agency acted for).
   */
  private async check(
    q: QueryRunner,
    cmd: WithinCommand,
    row: InstanceRow,
    accessFacts: AccessFacts,
    labels: Labels,
  ): Promise<Checked> {
    const { type, payload } = parseEventBody(cmd.body);
    const what = `${cmd.subjectType} ${cmd.instanceId}`;
    const definition = this.registry.get(`${row.workflow_id}@${row.workflow_version}`);
    const snapshot = restore(definition, row.snapshot, row.id);
    const access = row.snapshot.context.access;
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

    const event: { type: string } & Record<string, unknown> = { ...data, type };
    if (permission.agency !== undefined) event.agency = permission.agency;
    return { row, what, definition, snapshot, rule, type, event, labels };
  }

  /**
   * The decision of a checked send whose facts are in its event: refused by the definition's rules
   * (with their reasons), or the next snapshot, its effects and the rows to write. Pure: no SQL.
   */
  private decide(cmd: { actor: { userId: string | null }; subjectType: string }, c: Checked): Decided {
    const { row, definition, snapshot, rule, type, event } = c;
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

    const { snapshot: next, effects } = advance(definition, snapshot, event);
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
    const timed = effects.some((e) => e.kind === 'schedule');
    const hash = rowHash(row.last_hash, { ...log, instanceId: row.id, fromState: row.state });
    const projection = projectContext(cmd.subjectType, context);
    // The read model is written only when what it projects changed (engineLevers.projectionDiff).
    const projectionChanged =
      !engineLevers.projectionDiff ||
      !sameProjection(projection, projectContext(cmd.subjectType, snapshot.context as Record<string, unknown>));
    const agency = event.agency as string | undefined;
    return {
      write: {
        row,
        workflowVersion: definition.version,
        snapshot: persist(definition, next),
        log,
        hash,
        outbox: outboxEffects(effects, agency),
        projection: projectionChanged ? projection : null,
      },
      next,
      to,
      context,
      effects,
      timed,
      agency,
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
    await this.setTimers(q, instanceId, effects, context, occurredAt);
    await this.store.writeOutbox(q, instanceId, seq, outboxEffects(effects, agency));
  }

  /** The durable timers a transition's `schedule` effects set. */
  private async setTimers(
    q: QueryRunner,
    instanceId: string,
    effects: Effect[],
    context: Record<string, unknown>,
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
