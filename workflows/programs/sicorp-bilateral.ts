import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

/** SICORP bilateral collaboration: JST and one counterpart agency, equal-partnership selection. */
export const sicorpBilateral = defineProgram({
  code: 'sicorp-bilateral',
  name: 'SICORP bilateral collaboration',
  description:
    'Joint call with one counterpart agency; equal-partnership selection; JPY 5-100 million per project per year to the Japanese side for 3-5 years.',
  agencies: agencyRules({ min: 2, max: 2, mustInclude: ['JST'] }),
  proposals: { routing: 'all', minParties: null },
  durationMonths: { min: 36, max: 60 },
  jstBudgetPerYear: { min: 5_000_000, max: 100_000_000 },
  // Placeholder: the seed says "approximately equivalent" and names no tolerance.
  equivalenceTolerance: 0.25,
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  workflows: { call: 'sicorp-joint-call@2', proposal: 'sicorp-joint-proposal@4', assignment: REVIEW_ASSIGNMENT },
  budget: SEED_BUDGET_RULES,
});
