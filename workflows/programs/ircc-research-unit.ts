import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

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
  // IRCC: the partner institute's side is not compared (the seed states no equivalence).
  equivalenceTolerance: null,
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  workflows: {
    call: 'ircc-research-unit-call@2',
    // @2: redress, reminders, cancellation; the board decides on the fellow only after the steering committee.
    proposal: 'ircc-fellow-application@2',
    assignment: REVIEW_ASSIGNMENT,
    workshop: 'ircc-workshop-support@1',
  },
  budget: SEED_BUDGET_RULES,
});
