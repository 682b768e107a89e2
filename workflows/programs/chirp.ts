import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

/**
 * CHIRP: international research hubs of 5 years, with a decision on extension toward 10 years.
 *
 * Seed 003: "Research period : 5 years"; "Funding : ¥5 - 100 million per project per year to the
 * Japanese side"; "This program supports long-term (up to 10 years) cross-funding". The hub's first
 * period is its 5 years; an extension is a second period with its own budget per year and end, the
 * two together at most 10 years.
 */
export const chirp = defineProgram({
  code: 'chirp',
  name: 'Collaboration Hubs for International Research Program (CHIRP)',
  description:
    'Hub projects of 5 years with a counterpart country or region, and a decision on a second period toward the 10-year horizon; JPY 5-100 million per project per year to the Japanese side.',
  agencies: agencyRules({ min: 2, max: null, mustInclude: ['JST'] }),
  proposals: { routing: 'all', minParties: null },
  durationMonths: { min: 60, max: 60 },
  jstBudgetPerYear: { min: 5_000_000, max: 100_000_000 },
  // "Research period : 5 years" and "long-term (up to 10 years)": a second period of up to 5 years.
  // The seed names no shortest extension: one year is a placeholder.
  periods: { firstMonths: 60, extensionMonths: { min: 12, max: 60 }, totalMaxMonths: 120 },
  placeholders: ['periods.extensionMonths.min'],
  // Placeholder: the seed says "approximately equivalent" and names no tolerance.
  equivalenceTolerance: 0.25,
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  workflows: { call: 'chirp-call@2', proposal: 'chirp-hub@3', assignment: REVIEW_ASSIGNMENT },
  budget: SEED_BUDGET_RULES,
});
