import { agencyRules, defineProgram, REVIEW_ASSIGNMENT } from './types.js';

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
  proposals: { routing: 'parties', minParties: 3 },
  durationMonths: { min: 12, max: 60 },
  jstBudgetPerYear: { min: 3_000_000, max: 10_000_000 },
  workflows: { call: 'belmont-forum-call@2', proposal: 'belmont-forum-proposal@1', assignment: REVIEW_ASSIGNMENT },
});
