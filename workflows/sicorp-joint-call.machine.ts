import { callKit, initialCallContext } from './kit/call-kit.js';
import { callRules, translatedCall, type CallRuleOverrides } from './kit/call-events.js';
import { callOpening, panel, results, review, selection, steeringCommitteeAndBoard } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * One joint call: the agencies announce it together and set up its review, it opens and closes at
 * its dates, each agency reviews, a joint panel agrees, the agencies rank and select within their
 * own envelopes, the steering committee deliberates and the board meeting decides (IRCC seed), then
 * the results are announced.
 */
const build = (opening: { translations?: boolean } = {}) =>
  callKit.createMachine({
    id: 'sicorp-joint-call',
    initial: 'draft',
    context: ({ input }) => initialCallContext(input),
    states: {
      ...callOpening(opening),
      in_review: review(),
      panel: panel(),
      selection: selection(),
      board_review: steeringCommitteeAndBoard('sicorp-joint-call'),
      ...results(),
    },
  });

const machine = build();

/** This program's own words for the events of its call. */
const overrides: CallRuleOverrides = {};

export const sicorpJointCallV1 = defineWorkflow({
  id: 'sicorp-joint-call',
  version: 1,
  subject: 'call',
  title: 'SICORP joint call',
  machine,
  events: callRules(machine, overrides),
});

const machineV2 = build({ translations: true });

/** The translated call version 2 is built on (`translatedCall`, kit/call-events.ts). */
export const sicorpJointCallTranslated = translatedCall(sicorpJointCallV1, machineV2, overrides);

export type { CallContext, CallEvent, DeliberationFacts, PanelClosureFacts } from './kit/call-kit.js';
