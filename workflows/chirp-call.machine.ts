import { callKit, initialCallContext } from './kit/call-kit.js';
import { callRules, translatedCall, type CallRuleOverrides } from './kit/call-events.js';
import { callOpening, panel, results, review, selection } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * One CHIRP call for international research hubs: announced together by JST and its counterparts,
 * open and closed at its dates; each agency reviews; the joint panel agrees; each agency confirms
 * its selection within its envelope; the selection is concluded and announced. The hubs it awards
 * then run on their own workflow to their extension decision.
 */
const build = (opening: { translations?: boolean } = {}) =>
  callKit.createMachine({
    id: 'chirp-call',
    initial: 'draft',
    context: ({ input }) => initialCallContext(input),
    states: {
      ...callOpening(opening),
      in_review: review(),
      panel: panel(),
      selection: selection({ next: { event: 'CONCLUDE_SELECTION', target: 'selection_concluded' } }),
      ...results({ decided: 'selection_concluded' }),
    },
  });

const machine = build();

/** This program's own words for the events of its call. */
const overrides: CallRuleOverrides = {};

export const chirpCallV1 = defineWorkflow({
  id: 'chirp-call',
  version: 1,
  subject: 'call',
  title: 'CHIRP hub call',
  machine,
  events: callRules(machine, overrides),
});

const machineV2 = build({ translations: true });

/** The translated call version 2 is built on (`translatedCall`, kit/call-events.ts). */
export const chirpCallTranslated = translatedCall(chirpCallV1, machineV2, overrides);
