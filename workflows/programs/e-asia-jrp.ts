import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

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
  // DOMAIN.md (e-ASIA JRP): "Projects are carried out by teams from three or more member countries";
  // the lead PI submits one common application to the Program Secretariat, which sends each member
  // organisation the proposals with researchers of its own country: any participating member
  // country's researchers may apply, with or without a party of the call's lead agency (which, as
  // the secretariat, still sees every proposal of its call).
  proposals: { routing: 'parties', minParties: 3, minCountries: 3, leadParty: false },
  durationMonths: { min: 36, max: 36 },
  jstBudgetPerYear: { min: 6_000_000, max: 13_000_000 },
  // Placeholder: the seed says "approximately equivalent" and names no tolerance.
  equivalenceTolerance: 0.25,
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  // DOMAIN.md, e-ASIA JRP steps 2-5: the Program Secretariat (the call's lead member organisation)
  // receives the common application and routes it ("sends each member organisation only the
  // proposals that include researchers of its own country"); "each member organisation ranks its
  // proposals by its own review; then all meet in a joint review meeting and compile the final joint
  // ranking" (each agency's ordered ranking, merged by a recorded rule: kit/joint-ranking.ts, whose
  // rules are placeholders, the procedure naming none); "the secretariat submits the ranking to the
  // board". Calls created before stay on @2.
  workflows: { call: 'e-asia-joint-call@3', proposal: 'e-asia-joint-proposal@3', assignment: REVIEW_ASSIGNMENT },
  budget: SEED_BUDGET_RULES,
});
