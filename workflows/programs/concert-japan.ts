import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

/**
 * CONCERT-Japan: JST and at least two European funders; each agency applies its national
 * eligibility criteria; online peer review by two evaluators per proposal; a scientific committee
 * recommends and the forum of funders makes the final selection.
 */
export const concertJapan = defineProgram({
  code: 'concert-japan',
  name: 'CONCERT-Japan',
  description:
    'Joint call of JST and at least two European funding agencies; national eligibility criteria; two evaluators per proposal; scientific committee; final selection by the forum of funders; 3 years, JPY 6 million per project per year to the Japanese side.',
  agencies: agencyRules({ min: 3, max: null, mustInclude: ['JST'], regions: [{ region: 'europe', min: 2 }] }),
  proposals: { routing: 'parties', minParties: 3 },
  durationMonths: { min: 36, max: 36 },
  jstBudgetPerYear: { min: 6_000_000, max: 6_000_000 },
  // Placeholder: the seed says "approximately equivalent" and names no tolerance.
  equivalenceTolerance: 0.25,
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  workflows: { call: 'concert-japan-call@2', proposal: 'concert-japan-proposal@2', assignment: REVIEW_ASSIGNMENT },
  budget: SEED_BUDGET_RULES,
});
