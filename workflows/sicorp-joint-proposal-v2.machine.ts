import { assign, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { defineWorkflow } from './kit/definition.js';
import { notify } from './kit/effects.js';
import type { StateTag } from './kit/state-tags.js';
import { sicorpJointProposalV1, type ProposalContext } from './sicorp-joint-proposal.machine.js';

/**
 * Version 2 of the SICORP joint proposal: a rebuttal before the joint panel. Once every agency has
 * consolidated its reviews, the applicants are shown the comments to the applicants and may answer
 * them once (`SUBMIT_REBUTTAL`); the lead agency's PO or PD closes the rebuttal period without an
 * answer (`CLOSE_REBUTTAL`). The panel then meets with the answer in the proposal's history.
 *
 * Everything else is version 1's machine, read from it: its states, actions, guards and rules. Version
 * 1 itself is untouched, so its running instances restore and finish on it.
 */

export interface ProposalContextV2 extends ProposalContext {
  /** How the rebuttal period ended (the answer itself is the event's payload in the history). */
  rebuttal: 'answered' | 'closed_without_answer' | null;
}

const v1 = sicorpJointProposalV1.machine as AnyStateMachine;
type StateConfig = Record<string, unknown> & { on?: Record<string, unknown> };
const v1States = v1.config.states as Record<string, StateConfig>;
const v1Context = v1.config.context as (args: unknown) => ProposalContext;
const { actions: v1Actions, guards: v1Guards } = v1.implementations;

const toPanel = (rebuttal: 'answered' | 'closed_without_answer') => ({
  target: 'joint_panel',
  actions: [{ type: 'recordRebuttal', params: { rebuttal } }, notify('panel-ready', ['panel-members'])],
});

const machine = setup({
  actions: {
    ...(v1Actions as Record<string, never>),
    recordRebuttal: assign({
      rebuttal: (_: unknown, params: { rebuttal: ProposalContextV2['rebuttal'] }) => params.rebuttal,
    }),
  },
  guards: v1Guards as Record<string, never>,
}).createMachine({
  ...(v1.config as object),
  context: (args: unknown): ProposalContextV2 => ({ ...v1Context(args), rebuttal: null }),
  states: {
    ...v1States,
    under_review: {
      ...v1States.under_review,
      // Once every agency has completed its review the applicants may answer, rather than the panel meeting at once.
      always: {
        guard: 'allReviewsCompleted',
        target: 'rebuttal',
        actions: notify('rebuttal-invited', ['owners', 'lead-program-officers']),
      },
    },
    // Still waiting for the panel's result (START_SELECTION of the call waits for it), and undecided.
    rebuttal: {
      tags: ['before-panel-result', 'undecided'] satisfies StateTag[],
      on: {
        SUBMIT_REBUTTAL: toPanel('answered'),
        CLOSE_REBUTTAL: toPanel('closed_without_answer'),
        WAIVE_CONFLICT: v1States.under_review.on!.WAIVE_CONFLICT,
        WITHDRAW: v1States.under_review.on!.WITHDRAW,
      },
    },
  },
} as never);

const text = (max: number) => z.string().trim().min(1).max(max);

export const sicorpJointProposalV2 = defineWorkflow({
  ...sicorpJointProposalV1,
  version: 2,
  title: 'SICORP joint proposal (with rebuttal)',
  machine: machine as unknown as AnyStateMachine,
  events: {
    ...sicorpJointProposalV1.events,
    SUBMIT_REBUTTAL: {
      roles: ['applicant'],
      scope: 'owner',
      payload: z.object({ response: text(10000) }).strict(),
      description: "The applicants answer the agencies' consolidated reviews once, before the joint panel meets.",
    },
    CLOSE_REBUTTAL: {
      roles: ['program_officer', 'program_director', 'administrator'],
      scope: 'lead',
      payload: z.object({}).strict(),
      description:
        'The lead agency closes the rebuttal period without an answer; the proposal goes to the joint panel.',
    },
  },
});
