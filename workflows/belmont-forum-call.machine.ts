import { callKit, initialCallContext } from './kit/call-kit.js';
import { callRules, translatedCall, type CallRuleOverrides } from './kit/call-events.js';
import { callOpening, panel, results, review, reviewSetUp, selection } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * One Belmont Forum call among funders of three or more countries: announced together; open for
 * pre-proposals until its deadline; after the screening, open for the invited full proposals;
 * each agency reviews the proposals of its researchers; the panel of experts sits; each member
 * agency confirms what it funds of its own researchers; the selection is concluded and announced.
 */
const build = (opening: { translations?: boolean } = {}) =>
  callKit.createMachine({
    id: 'belmont-forum-call',
    initial: 'draft',
    context: ({ input }) => initialCallContext(input),
    states: {
      // `open` takes pre-proposals; `closed` is their screening.
      ...callOpening({ afterClose: { OPEN_FULL_PROPOSALS: 'full_proposals' }, ...opening }),
      full_proposals: reviewSetUp({ CLOSE_FULL_PROPOSALS: 'full_proposals_closed' }),
      full_proposals_closed: reviewSetUp({ START_REVIEW: 'in_review' }),
      in_review: review(),
      // The panel of experts.
      panel: panel(),
      selection: selection({ next: { event: 'CONCLUDE_SELECTION', target: 'selection_concluded' } }),
      ...results({ decided: 'selection_concluded' }),
    },
  });

const machine = build();

/** This program's own words for the events of its call. */
const overrides: CallRuleOverrides = {
  OPEN: { description: 'The call opens for pre-proposals.' },
  CLOSE: { description: 'The pre-proposal deadline passes; the pre-proposals are screened.' },
  START_PANEL: { description: 'The panel of experts convenes.' },
  CONFIRM_SELECTION: {
    description:
      'A member agency confirms what it funds of its own researchers among the recommended proposals, within its envelope.',
  },
};

export const belmontForumCallV1 = defineWorkflow({
  id: 'belmont-forum-call',
  version: 1,
  subject: 'call',
  title: 'Belmont Forum collaborative research call',
  machine,
  events: callRules(machine, overrides),
});

const machineV2 = build({ translations: true });

/** The translated call version 2 is built on (`translatedCall`, kit/call-events.ts). */
export const belmontForumCallTranslated = translatedCall(belmontForumCallV1, machineV2, overrides);
