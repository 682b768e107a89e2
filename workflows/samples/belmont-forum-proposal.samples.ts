import { BELMONT_AGENCIES } from './belmont-forum-call.samples.js';
import { agencyReviewEvents, jointProposalEvents, multilateral, routedSubmission, type WorkflowSamples } from './kit.js';

/** The proposal's parties: Japan, the United States and Brazil (routed to those three members, not to DFG). */
const PARTIES = ['JST', 'NSF', 'FAPESP'];
const submission = (callState: string) =>
  routedSubmission(
    callState,
    BELMONT_AGENCIES,
    PARTIES.map((agency) => ({ agency, budget: agency === 'JST' ? 6_000_000 : 80_000 })),
    { minMonths: 12, maxMonths: 60 },
  );

/** Belmont Forum proposal (every version): a pre-proposal, then the invited full proposal, of three members' researchers. */
export const belmontForumProposalSamples: WorkflowSamples = {
  input: { access: multilateral(PARTIES, ['00000000-0000-4000-8000-00000000000a']) },
  events: {
    SUBMIT: [{ facts: submission('open') }],
    INVITE_FULL_PROPOSAL: [{}],
    DECLINE_PRE_PROPOSAL: [{ reason: 'The pre-proposal falls outside the scope of the call.' }],
    SUBMIT_FULL_PROPOSAL: [{ facts: submission('full_proposals') }],
    ...agencyReviewEvents(PARTIES),
    ...jointProposalEvents(PARTIES),
  },
};
