import { callKit, initialCallContext } from './kit/call-kit.js';
import { callRules, mergeCallRules, TRANSLATED_CALL_RULES, type CallRuleOverrides } from './kit/call-events.js';
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

/**
 * The translated call that version 2 is built on (`sicorp-joint-call-v2.machine.ts` adds the co-owned
 * call's participation to it): the call is announced and opened only once every required language
 * version of its texts and criteria exists (`callOpening({ translations: true })`, issue 16); its
 * criteria carry labels and descriptions in English and Japanese. Not registered on its own.
 */
export const sicorpJointCallTranslated = defineWorkflow({
  id: 'sicorp-joint-call',
  version: 2,
  subject: 'call',
  title: 'SICORP joint call',
  machine: machineV2,
  events: callRules(machineV2, mergeCallRules(overrides, TRANSLATED_CALL_RULES)),
});

export type { CallContext, CallEvent, DeliberationFacts, PanelClosureFacts } from './kit/call-kit.js';
