import { irccFellowApplicationV2 } from './ircc-fellow-application-v2.machine.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * Version 3 of `ircc-fellow-application` (branch ircc): version 2's machine as it is, under the fellow
 * call of an established unit (`ircc-research-unit-call@3`). The board's approval appoints the fellow;
 * it no longer establishes the unit, which the board decided on before the call was raised
 * (`ircc-research-unit@1`; NINS seed: "The IRCC research fellow is selected through an open call").
 */
export const irccFellowApplicationV3 = defineWorkflow({
  ...irccFellowApplicationV2,
  version: 3,
  title: "IRCC research fellow application (an established unit's open call)",
  events: {
    ...irccFellowApplicationV2.events,
    SUBMIT: {
      ...irccFellowApplicationV2.events.SUBMIT,
      description: "The candidate applies to the open call for the established unit's fellow.",
    },
    BOARD_APPROVE: {
      ...irccFellowApplicationV2.events.BOARD_APPROVE,
      description: 'The board meeting approves the candidate: the fellow is appointed to the established unit.',
    },
  },
});
