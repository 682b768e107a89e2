import { callKit, initialCallContext } from './kit/call-kit.js';
import { ARCHIVE_ONCE_DECIDED, callRules, translatedCall, type CallRuleOverrides } from './kit/call-events.js';
import { archiveOnceDecided, callEnds, callOpening } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * One J-RAPID call after a disaster, with the agency of the affected country: opened at once from
 * its draft (or announced first), with short dates; the agencies review each proposal as it comes,
 * in order of receipt, and fund it as soon as both agree, while the call is still open (there is no
 * joint panel or board for the whole call); after the deadline the last proposals are decided, and
 * the call is archived once every submitted proposal has its result.
 */
const build = (opening: { translations?: boolean } = {}) =>
  callKit.createMachine({
    id: 'j-rapid-call',
    initial: 'draft',
    context: ({ input }) => initialCallContext(input),
    states: {
      ...callOpening({ rapid: true, afterClose: archiveOnceDecided(), ...opening }),
      ...callEnds(),
    },
  });

const machine = build();

/** This program's own words for the events of its call. */
const overrides: CallRuleOverrides = {
  OPEN: { description: 'The call opens for submissions; after a disaster it may open straight from its draft.' },
  ARCHIVE: ARCHIVE_ONCE_DECIDED,
};

export const jRapidCallV1 = defineWorkflow({
  id: 'j-rapid-call',
  version: 1,
  subject: 'call',
  title: 'J-RAPID rapid call',
  machine,
  events: callRules(machine, overrides),
});

const machineV2 = build({ translations: true });

/** The translated call version 2 is built on (`translatedCall`, kit/call-events.ts). */
export const jRapidCallTranslated = translatedCall(jRapidCallV1, machineV2, overrides, {
  OPEN: {
    description:
      'The call opens for submissions, once every required language version of its texts exists; after a disaster it may open straight from its draft.',
  },
});
