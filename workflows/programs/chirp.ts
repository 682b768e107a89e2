import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

/** CHIRP: international research hubs of 5 years, with a decision on extension toward 10 years. */
export const chirp = defineProgram({
  code: 'chirp',
  name: 'Collaboration Hubs for International Research Program (CHIRP)',
  description:
    'Hub projects of 5 years with a counterpart country or region, and a decision on their extension toward the 10-year horizon; JPY 5-100 million per project per year to the Japanese side.',
  agencies: agencyRules({ min: 2, max: null, mustInclude: ['JST'] }),
  proposals: { routing: 'all', minParties: null },
  durationMonths: { min: 60, max: 60 },
  jstBudgetPerYear: { min: 5_000_000, max: 100_000_000 },
  // Placeholder: the seed says "approximately equivalent" and names no tolerance.
  equivalenceTolerance: 0.25,
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  workflows: { call: 'chirp-call@2', proposal: 'chirp-hub@2', assignment: REVIEW_ASSIGNMENT },
  budget: SEED_BUDGET_RULES,
});
