import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

/**
 * J-RAPID: a rapid call after a disaster, with the affected country's agency; proposals reviewed in
 * order of receipt before the deadline and funded as soon as both agencies agree.
 */
export const jRapid = defineProgram({
  code: 'j-rapid',
  name: 'J-RAPID',
  description:
    'Rapid joint call after a large-scale disaster; proposals reviewed in order of receipt and funded as soon as both agencies agree; 6 months to 1 year, several million yen per project to the Japanese side.',
  agencies: agencyRules({ min: 2, max: 2, mustInclude: ['JST'] }),
  proposals: { routing: 'all', minParties: null },
  durationMonths: { min: 6, max: 12 },
  // "Several million yen": the seed names no bounds; ten million is the ceiling used here.
  jstBudgetPerYear: { min: null, max: 10_000_000 },
  // Placeholder: the seed says "approximately equivalent" and names no tolerance.
  equivalenceTolerance: 0.25,
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  workflows: { call: 'j-rapid-call@2', proposal: 'j-rapid-proposal@2', assignment: REVIEW_ASSIGNMENT },
  budget: SEED_BUDGET_RULES,
});
