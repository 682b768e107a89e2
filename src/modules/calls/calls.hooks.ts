import { Injectable } from '@nestjs/common';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { CallsRepository } from './calls.repository.js';

/**
 * Plugs the co-owned call into the transition pipeline: an agency's approval of its participation
 * is checked against who it may appoint and the program's cap limits, and written (envelopes per
 * fiscal year, cap, appointees) in the transition's transaction.
 */
@Injectable()
export class CallsHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly repository: CallsRepository,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet {
    return defineHooks('call', {
      facts: {
        APPROVE_PARTICIPATION: (q, id, event) =>
          event.agency === undefined
            ? Promise.resolve(undefined)
            : this.repository.participationFacts(q, id, event.agency),
      },
      writers: {
        APPROVE_PARTICIPATION: (w) =>
          this.repository.writeParticipation(w.q, w.instanceId, {
            agency: w.event.agency,
            envelopes: w.event.envelopes,
            capPerProjectPerYear: w.event.capPerProjectPerYear,
            appointees: w.event.appointees,
            jpyPerUnit: w.event.jpyPerUnit ?? null,
            approvedBy: w.actor.userId,
          }),
      },
    });
  }
}
