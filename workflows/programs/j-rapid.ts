import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

/**
 * J-RAPID: a rapid call after a disaster, with the affected country's agency; proposals reviewed in
 * order of receipt before the deadline and funded as soon as both agencies agree.
 *
 * Seed 003: "Putting to use the lessons learned from urgent research and investigation of
 * large-scale disasters towards restoration and future disasters"; "Research period : 6 months - 1
 * years"; "Funding : ¥several million per project per year to the Japanese side"; "It's features
 * include: 1) Rapid program deployment enabling the commencement of early research investigation; 2)
 * Program adminstration through cooperation with disaster-affected national government
 * organisations; 3) Research investigation by a collaborative team including local as well as
 * international researchers."
 */
export const jRapid = defineProgram({
  code: 'j-rapid',
  name: 'J-RAPID',
  description:
    "Rapid joint call after a large-scale disaster, with the affected country's government agency; proposals reviewed in order of receipt and funded as soon as both agencies agree; 6 months to 1 year, several million yen per project to the Japanese side (the cap of JPY 10 million is a placeholder; each call sets its own).",
  agencies: agencyRules({ min: 2, max: 2, mustInclude: ['JST'] }),
  proposals: { routing: 'all', minParties: null },
  durationMonths: { min: 6, max: 12 },
  // PLACEHOLDER: "several million yen" names no bound; JPY 10 million is this catalog's ceiling and
  // the default of a call's own cap (JST's capPerProjectPerYear in its participation, at most this).
  jstBudgetPerYear: { min: null, max: 10_000_000 },
  placeholders: ['jstBudgetPerYear.max', 'disaster.timeline', 'disaster.review'],
  // Placeholder: the seed says "approximately equivalent" and names no tolerance.
  equivalenceTolerance: 0.25,
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  disaster: {
    // Feature 2: "cooperation with disaster-affected national government organisations".
    counterpart: { ofAffectedCountry: true, governmental: true },
    // Feature 3: "a collaborative team including local as well as international researchers".
    localResearchers: { min: 1 },
    // Feature 1: "Rapid program deployment": the seed names no days; placeholders.
    timeline: { openWithinDaysOfDisaster: 90, decisionsWithinDaysOfOpening: 60, remindBefore: 7 },
    // A lighter review than the other programs' (placeholder): one reviewer per agency suffices.
    review: { minReviewersPerAgency: 1 },
  },
  workflows: { call: 'j-rapid-call@3', proposal: 'j-rapid-proposal@2', assignment: REVIEW_ASSIGNMENT },
  budget: SEED_BUDGET_RULES,
});
