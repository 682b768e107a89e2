import type { AnyStateNode } from 'xstate';
import type { AccessContext, WorkflowDefinition } from '../../../workflows/index.js';
import type { Actor } from '../../engine/actor.js';
import { isStateTagged } from '../../engine/state-tags.js';

/**
 * Who changes a proposal (its text, parties and documents): its applicants, which today are the
 * owners of its workflow instance (its creator). The one place to widen when a party's PI or team
 * members co-edit the proposal.
 */
export function mayEditProposal(actor: Actor, access: Pick<AccessContext, 'owners'>): boolean {
  return actor.userId !== null && access.owners.includes(actor.userId);
}

/**
 * When a proposal may be changed, as its workflow says: `draft` while it is drafted (tag
 * `private-draft`), `amendment` while its applicants are asked for more information (the state
 * takes PROVIDE_INFORMATION: Hypha's "more information" step, in which the applicant edits the
 * application and every change is a revision); otherwise null.
 */
export type EditingStage = 'draft' | 'amendment';

export function editingStage(definition: WorkflowDefinition, state: string): EditingStage | null {
  if (isStateTagged(state, 'private-draft', 'proposal')) return 'draft';
  let node: AnyStateNode | undefined = definition.machine.root;
  for (const key of state.split('.')) node = node?.states[key];
  return node?.ownEvents.includes('PROVIDE_INFORMATION') ? 'amendment' : null;
}
