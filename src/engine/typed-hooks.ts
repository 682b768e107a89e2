import type { OnModuleInit } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { CallContext, CallEvent, ProposalContext, ProposalEvent } from '../../workflows/index.js';
import type { AssignmentContext } from '../../workflows/review-assignment.machine.js';
import type { ReviewAssignmentEvent } from '../../workflows/review-assignment-v2.machine.js';
import type {
  AccessFactsBatchProvider,
  AccessFactsProvider,
  FactsBatchProvider,
  TransitionWrite,
} from './engine.types.js';
import type { HookRegistry } from './hook-registry.js';

/** The events and context of each subject type, as workflows/ declares them (every program's union). */
export interface SubjectCatalog {
  call: { event: CallEvent; context: CallContext };
  proposal: { event: ProposalEvent; context: ProposalContext };
  assignment: { event: ReviewAssignmentEvent; context: AssignmentContext };
}

export type HookSubject = keyof SubjectCatalog;
export type EventTypeOf<S extends HookSubject> = SubjectCatalog[S]['event']['type'];
export type EventOf<S extends HookSubject, K extends EventTypeOf<S>> = Extract<SubjectCatalog[S]['event'], { type: K }>;

/** The events of a subject type whose guards take server facts (their event declares `facts`). */
export type FactsEventOf<S extends HookSubject> = {
  [K in EventTypeOf<S>]: 'facts' extends keyof EventOf<S, K> ? K : never;
}[EventTypeOf<S>];

/** The facts an event's guards expect. */
export type FactsOf<S extends HookSubject, K extends EventTypeOf<S>> = NonNullable<
  EventOf<S, K> extends { facts?: infer F } ? F : never
>;

/**
 * Loads an event's facts. When the engine probes which events are allowed, the event holds only
 * `type` and `agency`; when it is sent (`purpose` `send`), its whole payload. `undefined`: nothing to
 * decide on (the guard then judges an event without facts, as the machine declares it may be).
 */
export type TypedFactsProvider<S extends HookSubject, K extends EventTypeOf<S>> = (
  q: QueryRunner,
  subjectId: string,
  event: { type: K; agency?: string } & Partial<Omit<EventOf<S, K>, 'type' | 'facts'>>,
  purpose: 'probe' | 'send',
) => Promise<FactsOf<S, K> | undefined>;

/** What a typed data writer sees: the event as the machine saw it, the context after the transition. */
export type TypedTransitionWrite<S extends HookSubject, K extends EventTypeOf<S>> = Omit<
  TransitionWrite,
  'subjectType' | 'event' | 'context'
> & {
  subjectType: S;
  event: EventOf<S, K>;
  context: SubjectCatalog[S]['context'];
};

export type TypedWriter<S extends HookSubject, K extends EventTypeOf<S>> = (
  w: TypedTransitionWrite<S, K>,
) => Promise<void>;

/** A domain's engine hooks for one subject type, keyed by event types the compiler checks. */
export interface HookSet<S extends HookSubject> {
  subject: S;
  /** Facts for the guards of these events (only events that take facts). */
  facts?: { [K in FactsEventOf<S>]?: TypedFactsProvider<S, K> };
  /**
   * The same facts over a fan-out (`w.sendMany`), chunk by chunk; an event with facts but no batch
   * provider is sent one at a time within the fan-out.
   */
  factsBatch?: { [K in FactsEventOf<S>]?: FactsBatchProvider };
  /** Domain data written in the transition's transaction, after its state, log and outbox rows. */
  writers?: { [K in EventTypeOf<S>]?: TypedWriter<S, K> };
  /** What access to a subject depends on beyond its context, one at a time and batched. */
  access?: { one: AccessFactsProvider; batch?: AccessFactsBatchProvider };
}

export type AnyHookSet = { [S in HookSubject]: HookSet<S> }[HookSubject];

/**
 * Declares a subject type's hooks; an event type that the subject's event union does not have (or
 * facts for an event that takes none) does not compile.
 *
 *   defineHooks('assignment', {
 *     facts: { ACCEPT: (q, id) => this.reviews.acceptFacts(q, id) },
 *     writers: { SUBMIT_REVIEW: (w) => this.reviews.write(w.q, w.event, w.context) },
 *   })
 */
export function defineHooks<S extends HookSubject>(subject: S, hooks: Omit<HookSet<S>, 'subject'>): HookSet<S> {
  return { subject, ...hooks };
}

/** Registers a typed hook set (the registry takes nothing else). */
export function registerHooks(registry: HookRegistry, set: AnyHookSet): void {
  registry.register(set);
}

/**
 * Base of a domain's `*.hooks.ts` provider: it registers its hook sets itself when the module
 * starts. Subclasses take `HookRegistry` in their constructor and pass it to `super`.
 *
 *   @Injectable()
 *   export class ReviewsHooks extends WorkflowHooks {
 *     constructor(hooks: HookRegistry, private readonly reviews: ReviewsRepository) { super(hooks); }
 *     protected hooks() {
 *       return defineHooks('assignment', { facts: { ACCEPT: (q, id) => this.reviews.acceptFacts(q, id) } });
 *     }
 *   }
 */
export abstract class WorkflowHooks implements OnModuleInit {
  constructor(protected readonly hookRegistry: HookRegistry) {}

  protected abstract hooks(): AnyHookSet | readonly AnyHookSet[];

  onModuleInit(): void {
    const sets = this.hooks();
    for (const set of Array.isArray(sets) ? (sets as readonly AnyHookSet[]) : [sets as AnyHookSet]) {
      registerHooks(this.hookRegistry, set);
    }
  }
}
