import { agencyRules, defineProgram } from './types.js';

/**
 * NINS IRCC workshop support (seed 000, "(2) Workshop etc."): "Among international collaboration
 * supported by institutional projects such as Accelerated Strategic International Exchange Programs
 * and other projects that are expected to further develop, IRCC supports their activities such as
 * research workshop." A call of this program is one institutional project's ROLLING intake: NINS
 * alone runs it, requests arrive at any time until the project's end and each is decided as it
 * comes. A request has NINS's party only (its organisers, one amount of support): no partner party
 * with yearly budgets is asked for.
 *
 * The period of 1-12 months (how long a supported activity may run) is a PLACEHOLDER (the seed
 * names none): each intake sets its own.
 */
export const irccWorkshopSupport = defineProgram({
  code: 'ircc-workshop-support',
  name: 'IRCC workshop support (institutional projects)',
  description:
    "Rolling intake of an institutional project's requests for IRCC's support of research workshops and similar activities: requests at any time, each decided by the center as it comes.",
  agencies: agencyRules({ min: 1, max: 1, mustInclude: ['NINS'], lead: 'NINS' }),
  proposals: { routing: 'all', minParties: null },
  durationMonths: { min: 1, max: 12, placeholder: true },
  jstBudgetPerYear: { min: null, max: null },
  equivalenceTolerance: null,
  workflows: {
    call: 'ircc-workshop-intake@2',
    proposal: 'ircc-workshop-support@2',
  },
});
