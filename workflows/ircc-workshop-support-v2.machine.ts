import { irccWorkshopSupportV1 } from './ircc-workshop-support.machine.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * Version 2 of `ircc-workshop-support` (branch ircc): the same request, now taken under the rolling
 * intake of an institutional project (`ircc-workshop-intake@1`), not under a fellow call. NINS seed,
 * "Workshop etc.": "Among international collaboration supported by institutional projects such as
 * Accelerated Strategic International Exchange Programs ... IRCC supports their activities such as
 * research workshop." Requests arrive at any time while the intake is open and the center decides
 * each as it comes; the request has NINS's party only (no partner party, one amount of support).
 */
export const irccWorkshopSupportV2 = defineWorkflow({
  ...irccWorkshopSupportV1,
  version: 2,
  title: "IRCC workshop support request (an institutional project's rolling intake)",
  events: {
    ...irccWorkshopSupportV1.events,
    SUBMIT: {
      ...irccWorkshopSupportV1.events.SUBMIT,
      description: "The organisers submit the request at any time while the institutional project's intake is open.",
    },
    APPROVE_REQUEST: {
      ...irccWorkshopSupportV1.events.APPROVE_REQUEST,
      description: 'The center approves its support of the workshop, deciding each request as it comes.',
    },
  },
});
