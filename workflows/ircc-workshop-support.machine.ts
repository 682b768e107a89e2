import { defineWorkflow } from './kit/definition.js';
import { REQUEST_SUBMISSION, proposalRules } from './kit/proposal-events.js';
import { initialProposalContext, proposalKit } from './kit/proposal-kit.js';
import { drafting, requestDecisionAndReport } from './kit/proposal-stages.js';

/**
 * A request for IRCC's support of a research workshop within an institutional project of NINS and
 * its partner institute (NINS seed, "Workshop etc."): submitted under the IRCC call of the
 * collaboration while it is open, reviewed by the center (NINS, the lead), approved or declined;
 * after the workshop its organisers report.
 */
const machine = proposalKit.createMachine({
  id: 'ircc-workshop-support',
  initial: 'draft',
  context: ({ input }) => initialProposalContext(input),
  states: {
    draft: drafting('request_review', { guard: 'requestRulesHold' }),
    ...requestDecisionAndReport(),
  },
});

export const irccWorkshopSupportV1 = defineWorkflow({
  id: 'ircc-workshop-support',
  version: 1,
  subject: 'proposal',
  title: 'IRCC workshop support request',
  machine,
  events: proposalRules(machine, {
    SUBMIT: {
      ...REQUEST_SUBMISSION,
      description: 'The organisers submit the workshop support request while the call is open.',
    },
    APPROVE_REQUEST: { description: 'The center approves its support of the workshop.' },
    DECLINE_REQUEST: { description: 'The center declines the request, with a reason.' },
    SUBMIT_REPORT: { description: 'After the workshop, its organisers report on it.' },
  }),
});
