import { Injectable } from '@nestjs/common';
import { workflowKey } from '../../../workflows/index.js';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, type TypedTransitionWrite, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { BulkRepository, type NewItem } from './bulk.repository.js';

/**
 * The call's CANCEL reaches its proposals (issue 15) as a bulk batch (issue 16): in the call's
 * transaction, a batch of CALL_CANCELLED for each of its proposals not yet ended, and the outbox row
 * that has the worker run it. Each proposal then closes through the pipeline on its own, as the
 * system; the batch's report is the call's staff's to read. A proposal on a workflow version that
 * cannot take CALL_CANCELLED stays as it is, its item skipped as not allowed with the reason.
 */
@Injectable()
export class BulkHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly batches: BulkRepository,
    private readonly registry: WorkflowRegistry,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet {
    return defineHooks('call', { writers: { CANCEL: (w) => this.fanOutCancellation(w) } });
  }

  private async fanOutCancellation(w: TypedTransitionWrite<'call', 'CANCEL'>): Promise<void> {
    const items: NewItem[] = [];
    for (const p of await this.batches.proposalsOfCall(w.q, w.instanceId)) {
      const key = workflowKey({ id: p.workflow_id, version: p.workflow_version });
      const definition = this.registry.get(key);
      if (definition.machine.root.states[p.state]?.type === 'final') continue;
      items.push(
        Object.hasOwn(definition.events, 'CALL_CANCELLED')
          ? { subjectId: p.id }
          : { subjectId: p.id, result: 'not-allowed', reason: `its workflow ${key} cannot take CALL_CANCELLED` },
      );
    }
    if (items.length === 0) return;
    const { id } = await this.batches.insert(w.q, {
      origin: 'call-cancel',
      requestedBy: null,
      key: null,
      subjectType: 'proposal',
      event: { type: 'CALL_CANCELLED', reason: w.event.reason },
      callId: w.instanceId,
      selection: { filter: { callId: w.instanceId }, cancelledBy: w.actor.userId },
      items,
    });
    await this.batches.queueWithin(w.q, w.instanceId, await this.batches.currentSeq(w.q, w.instanceId), id);
  }
}
