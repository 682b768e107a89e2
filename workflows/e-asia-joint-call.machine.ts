import { callKit, initialCallContext } from './kit/call-kit.js';
import { callRules, translatedCall, type CallRuleOverrides } from './kit/call-events.js';
import { agencyFundingDecisions, callOpening, panel, results, review, selection } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * One e-ASIA JRP call among three or more member agencies: announced together, open and closed at
 * its dates; each agency reviews the proposals routed to it; the joint review meeting agrees the
 * consensus of every proposal and compiles the joint ranking; each agency selects within its own
 * envelope; each agency's board then decides on funding its side of the selected projects (a
 * project is funded only when all its agencies approve); the results are announced.
 */
const build = (opening: { translations?: boolean } = {}) =>
  callKit.createMachine({
    id: 'e-asia-joint-call',
    initial: 'draft',
    context: ({ input }) => initialCallContext(input),
    states: {
      ...callOpening(opening),
      in_review: review(),
      // The joint review meeting.
      panel: panel(),
      selection: selection(),
      board_review: agencyFundingDecisions(),
      ...results(),
    },
  });

const machine = build();

/** This program's own words for the events of its call. */
const overrides: CallRuleOverrides = {
  START_PANEL: { description: 'The joint review meeting of the member agencies convenes.' },
  START_SELECTION: {
    description:
      "Once every proposal's result is signed off by its agencies, the joint review meeting's joint ranking is drawn and selection starts.",
  },
  SUBMIT_TO_BOARD: { description: "The selection goes to each member agency's board." },
};

export const eAsiaJointCallV1 = defineWorkflow({
  id: 'e-asia-joint-call',
  version: 1,
  subject: 'call',
  title: 'e-ASIA JRP joint call',
  machine,
  events: callRules(machine, overrides),
});

const machineV2 = build({ translations: true });

/** The translated call version 2 is built on (`translatedCall`, kit/call-events.ts). */
export const eAsiaJointCallTranslated = translatedCall(eAsiaJointCallV1, machineV2, overrides);
