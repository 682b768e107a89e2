import { defineWorkflow } from './kit/definition.js';
import { notify } from './kit/effects.js';
import { IN_ORDER_OF_RECEIPT, proposalRules } from './kit/proposal-events.js';
import { initialProposalContext, proposalKit } from './kit/proposal-kit.js';
import {
  agencyReview,
  drafting,
  eligibility,
  fundingApprovals,
  resultsAndRedress,
  submitted,
} from './kit/proposal-stages.js';

/**
 * A J-RAPID proposal of a joint team of local and Japanese researchers: the agencies take proposals
 * up in order of receipt, without waiting for the deadline; each rules on its own party's
 * eligibility and has its side reviewed; as soon as both agencies agree to fund their sides the
 * project is funded (one refusal leaves it unfunded) and its result is announced at once; the
 * applicants of a project not funded may ask for redress.
 */
const machine = proposalKit.createMachine({
  id: 'j-rapid-proposal',
  initial: 'draft',
  context: ({ input }) => initialProposalContext(input),
  states: {
    draft: drafting(),
    submitted: submitted({ inOrderOfReceipt: true }),
    ...eligibility(),
    under_review: agencyReview({
      then: {
        target: 'funding_decision',
        notice: notify('funding-decision-needed', ['board-members', 'participant-program-officers']),
      },
    }),
    ...fundingApprovals({ state: 'funding_decision', tags: ['budget-deciding', 'undecided'] }),
    ...resultsAndRedress(),
  },
});

const MASKED = ['funding_decision', 'board_approved', 'board_rejected'];

export const jRapidProposalV1 = defineWorkflow({
  id: 'j-rapid-proposal',
  version: 1,
  subject: 'proposal',
  title: 'J-RAPID proposal',
  machine,
  // Applicants learn the agencies' decision when its result is announced.
  maskedStates: Object.fromEntries(MASKED.map((s) => [s, 'under_review'])),
  events: proposalRules(machine, {
    START_ELIGIBILITY_CHECK: IN_ORDER_OF_RECEIPT,
    APPROVE_FUNDING: {
      roles: ['program_director', 'board_member'],
      description:
        'An agency (its PD or board) agrees to fund its side; the project is funded as soon as both agencies agree, even before the deadline.',
    },
    DECLINE_FUNDING: { roles: ['program_director', 'board_member'] },
    ANNOUNCE_RESULT: {
      description: "The result of the decided proposal is announced at once to each party's principal investigator.",
    },
  }),
});
