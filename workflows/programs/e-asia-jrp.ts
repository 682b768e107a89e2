import { agencyRules, defineProgram, REVIEW_ASSIGNMENT } from './types.js';

/**
 * e-ASIA Joint Research Program: member agencies of three or more countries; one common proposal
 * routed so that each agency receives only the proposals with researchers of its own country; each
 * member agency ranks with its own review; a joint review meeting compiles the joint ranking; a
 * project is funded only when every member agency involved approves.
 */
export const eAsiaJrp = defineProgram({
  code: 'e-asia-jrp',
  name: 'e-ASIA Joint Research Program',
  description:
    'Multilateral call in the Asia region (three or more member agencies); proposals routed to the agencies of their parties; joint review meeting; funded when every involved agency approves; 3 years, JPY 6-13 million per project per year to the Japanese side.',
  agencies: agencyRules({ min: 3, max: null, mustInclude: ['JST'], minCountries: 3 }),
  proposals: { routing: 'parties', minParties: 3 },
  durationMonths: { min: 36, max: 36 },
  jstBudgetPerYear: { min: 6_000_000, max: 13_000_000 },
  workflows: { call: 'e-asia-joint-call@2', proposal: 'e-asia-joint-proposal@1', assignment: REVIEW_ASSIGNMENT },
});
