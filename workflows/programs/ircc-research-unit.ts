import { agencyRules, defineProgram, REVIEW_ASSIGNMENT } from './types.js';

/**
 * NINS IRCC research unit: an open call for a research fellow raised together with the partner
 * institute abroad; joint selection; the steering committee deliberates; the board meeting decides
 * the establishment of the unit. Workshop support requests follow a smaller workflow.
 */
export const irccResearchUnit = defineProgram({
  code: 'ircc-research-unit',
  name: 'IRCC international research unit',
  description:
    'Research unit set up with a partner institute abroad: joint open call for a research fellow, joint selection, steering-committee deliberation and a decision of the board meeting; workshop support requests.',
  agencies: agencyRules({ min: 2, max: 2 }),
  proposals: { routing: 'all', minParties: null },
  durationMonths: { min: 12, max: 60 },
  jstBudgetPerYear: { min: null, max: null },
  workflows: {
    call: 'ircc-research-unit-call@2',
    proposal: 'ircc-fellow-application@1',
    assignment: REVIEW_ASSIGNMENT,
    workshop: 'ircc-workshop-support@1',
  },
});
