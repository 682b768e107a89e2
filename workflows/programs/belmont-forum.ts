import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

/**
 * Belmont Forum collaborative research actions: funders of three or more countries; a pre-proposal,
 * then a full proposal on invitation; a panel of experts; each member funds its own researchers.
 */
export const belmontForum = defineProgram({
  code: 'belmont-forum',
  name: 'Belmont Forum',
  description:
    'Multilateral call on global environmental change (three or more countries); pre-proposal then invited full proposal; panel of experts; each member funds its own researchers; 1-5 years, JPY 3-10 million per project per year to the Japanese side.',
  agencies: agencyRules({ min: 3, max: null, mustInclude: ['JST'], minCountries: 3 }),
  // Seed 003: Belmont Forum calls are "of three or more countries": a proposal's parties come from
  // three countries at least. Neither the seed nor DOMAIN.md asks for a party of the lead agency.
  proposals: { routing: 'parties', minParties: 3, minCountries: 3, leadParty: false },
  durationMonths: { min: 12, max: 60 },
  jstBudgetPerYear: { min: 3_000_000, max: 10_000_000 },
  // Placeholder: the seed says "approximately equivalent" and names no tolerance.
  equivalenceTolerance: 0.25,
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  workflows: { call: 'belmont-forum-call@2', proposal: 'belmont-forum-proposal@2', assignment: REVIEW_ASSIGNMENT },
  budget: SEED_BUDGET_RULES,
});
