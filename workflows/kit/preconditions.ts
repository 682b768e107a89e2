import type { AnyStateNode } from 'xstate';
import type { WorkflowDefinition } from './definition.js';

/**
 * Rules of requests that are not events of a workflow (a draft proposal created in a call, a
 * reviewer invited to a proposal, a call's dates moved). They stay preconditions of those requests,
 * but they are asked of the workflows, with the subject's state as the engine reports it, so that
 * no code outside workflows/ names states. Each answers the reasons of a refusal (none: allowed).
 */
export interface Refusal {
  message: string;
  reasons: string[];
}

/** The call states of `callOpening` (call-stages.ts) in which applicants draft new proposals. */
const DRAFTING_CALL_STATES: readonly string[] = ['announced', 'open'];

/**
 * The proposal states in which its agencies invite reviewers: the review stage of proposal-stages.ts,
 * and the re-evaluation after an upheld redress (proposal-next.ts: other experts may review it).
 */
const INVITING_PROPOSAL_STATES: readonly string[] = ['under_review', 're_evaluation'];

/** A new draft proposal: the call takes drafts while it is announced or open. */
export function draftingRefusal(callState: string): Refusal | null {
  if (DRAFTING_CALL_STATES.includes(callState)) return null;
  return {
    message: `the call is ${callState}: proposals are drafted only while it is announced or open`,
    reasons: [`call state is ${callState}`],
  };
}

/**
 * The parties of a new draft: each of an agency of the call; a call routed to the agencies of the
 * parties (multilateral programs) needs a party of its lead, which coordinates the joint review.
 */
export function draftPartiesRefusals(
  call: { agencies: readonly string[]; lead: string },
  routed: boolean,
  parties: readonly { agency: string }[],
): string[] {
  const unknown = parties.map((p) => p.agency).filter((code) => !call.agencies.includes(code));
  if (unknown.length) return unknown.map((code) => `agency ${code} does not take part in this call`);
  if (routed && !parties.some((p) => p.agency === call.lead))
    return [`a proposal to this call includes a party of ${call.lead}, the lead agency`];
  return [];
}

/** An invitation of a reviewer (or a reassignment to one): the proposal is under review. */
export function invitationRefusals(proposalState: string): string[] {
  return INVITING_PROPOSAL_STATES.includes(proposalState)
    ? []
    : [`the proposal is ${proposalState}: reviewers are invited while it is under review`];
}

/** A call's dates move until its workflow has ended (archived or cancelled: a final state). */
export function callDatesRefusal(definition: WorkflowDefinition, callState: string): Refusal | null {
  if (!isFinalState(definition, callState)) return null;
  return { message: `the call is ${callState}; its dates no longer change`, reasons: [`the call is ${callState}`] };
}

/** A call's dates, those set, in order: opens, submission deadline, review due, panel, board. */
export function dateOrderRefusals(dates: readonly (string | Date | null | undefined)[]): string[] {
  const set = dates.filter((d): d is string | Date => d !== null && d !== undefined).map((d) => new Date(d));
  return set.some((d, i) => i > 0 && d <= set[i - 1])
    ? ['dates must be in order: opens, submission deadline, review due, panel, board']
    : [];
}

/** Whether `state` (as the engine stores it: `parent.child`) is a final state of the definition's machine. */
export function isFinalState(definition: WorkflowDefinition, state: string): boolean {
  let node: AnyStateNode | undefined = definition.machine.root;
  for (const key of state.split('.')) node = node?.states[key];
  return node?.type === 'final';
}
