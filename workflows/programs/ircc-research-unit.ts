import { SEED_BUDGET_RULES } from './party-rules.js';
import { agencyRules, defineProgram, REVIEW_ASSIGNMENT, DUPLICATE_FUNDING_PLACEHOLDER } from './types.js';

/**
 * NINS IRCC research unit (seed 000). The unit itself is an entity with its own workflow
 * (`unit: ircc-research-unit@1`): "We set up a research unit in IRCC ... based on agreements with
 * overseas universities/organizations"; "The establishment of the research unit shall be decided at
 * the board meeting ultimately after deliberation by the steering committee". A call of this
 * program is the open call for the fellow of an ESTABLISHED unit ("The IRCC research fellow is
 * selected through an open call, raised together with the foreign university or research
 * institute"), raised from the unit (`raisedFrom`).
 *
 * NINS takes part in and leads every call (`lead: 'NINS'`): the unit is set up "in IRCC", which
 * NINS "established ... directly under the president"; the fellow is "a full-time International
 * Specially Appointed Employee" of NINS; the board meeting is NINS's.
 *
 * The research period of 12-60 months is a PLACEHOLDER: the seed names no term for a unit's fellow.
 * Each call sets its own (`durationMinMonths`/`durationMaxMonths`), this is its default.
 *
 * Workshop support (the seed's item 2) is no longer here: it belongs to institutional projects, see
 * `ircc-workshop-support.ts`.
 */
export const irccResearchUnit = defineProgram({
  code: 'ircc-research-unit',
  name: 'IRCC international research unit',
  description:
    "Open call for the research fellow of an established IRCC research unit, raised by NINS with the unit's partner institute abroad: joint selection, steering-committee deliberation and the board meeting's decision on the fellow.",
  agencies: agencyRules({ min: 2, max: 2, mustInclude: ['NINS'], lead: 'NINS' }),
  proposals: { routing: 'all', minParties: null },
  // Placeholder (the seed names no term): settable per call.
  durationMonths: { min: 12, max: 60, placeholder: true },
  jstBudgetPerYear: { min: null, max: null },
  // IRCC: the partner institute's side is not compared (the seed states no equivalence).
  equivalenceTolerance: null,
  raisedFrom: 'research-unit',
  // Placeholder (types.ts): no seed names an effort limit.
  duplicateFunding: DUPLICATE_FUNDING_PLACEHOLDER,
  workflows: {
    // @3: the open call of an established unit; the board decides on the fellow only.
    call: 'ircc-research-unit-call@3',
    proposal: 'ircc-fellow-application@3',
    assignment: REVIEW_ASSIGNMENT,
    unit: 'ircc-research-unit@1',
  },
  budget: SEED_BUDGET_RULES,
});
