import { callRules, translatedCall, type CallRuleOverrides } from './kit/call-events.js';
import { callKit, initialCallContext } from './kit/call-kit.js';
import { participationVersion } from './kit/call-participation.js';
import { callOpening, panel, results, review, selection, steeringCommitteeAndBoard } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * Version 3 of `ircc-research-unit-call` (branch ircc): the open call for the research fellow of a
 * unit that is ALREADY established. NINS seed: "The IRCC research fellow is selected through an
 * open call, raised together with the foreign university or research institute in the collaboration
 * program." The unit's own establishment is the board's decision on the unit (`ircc-research-unit@1`);
 * here the board decides only on the fellow, so the call ends `fellow_appointed` or, when the board
 * rejects every candidate on its list, `no_fellow_appointed` (the unit stays established). Otherwise
 * version 2's co-owned, translated call: both institutes approve their part; joint selection
 * committee; the steering committee deliberates ("personnel" is among its matters), then the board.
 */
const machine = callKit.createMachine({
  id: 'ircc-research-unit-call',
  initial: 'draft',
  context: ({ input }) => initialCallContext(input),
  states: {
    ...callOpening({ translations: true }),
    in_review: review(),
    panel: panel(),
    selection: selection(),
    board_review: steeringCommitteeAndBoard('ircc-research-unit-call', {
      decided: 'fellow_appointed',
      declined: 'no_fellow_appointed',
    }),
    ...results({ decided: ['fellow_appointed', 'no_fellow_appointed'] }),
  },
});

const overrides: CallRuleOverrides = {
  ANNOUNCE: {
    description:
      "NINS and the partner institute raise the open call for the established unit's research fellow together.",
  },
  START_PANEL: { description: 'The joint selection committee of NINS and the partner institute convenes.' },
  CONFIRM_SELECTION: { description: 'NINS and the partner institute each confirm the fellow they select.' },
  SUBMIT_TO_BOARD: {
    description: 'The selected fellow goes to the steering committee (personnel) and then to the board meeting.',
  },
  BOARD_APPROVE_SELECTION: {
    description:
      'The board meeting decides on the fellow: approving the selected candidate appoints the fellow; rejecting every candidate on its list appoints none (the unit stays established).',
  },
};

const base = defineWorkflow({
  id: 'ircc-research-unit-call',
  version: 1,
  subject: 'call',
  title: "IRCC research unit: open call for an established unit's research fellow",
  machine,
  events: callRules(machine, overrides),
});

export const irccResearchUnitCallV3 = participationVersion(translatedCall(base, machine, overrides), 3);
