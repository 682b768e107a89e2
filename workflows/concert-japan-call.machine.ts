import { callKit, initialCallContext } from './kit/call-kit.js';
import { callRules, translatedCall, type CallRuleOverrides } from './kit/call-events.js';
import { boardMeeting, callOpening, panel, results, review, selection } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';
import type { StateTag } from './kit/state-tags.js';

/**
 * One CONCERT-Japan call of JST and at least two European funders: announced together with each
 * agency's national eligibility criteria, open and closed at its dates; peer review; the scientific committee sits; each funder confirms its
 * selection within its envelope; the forum of funders meets and makes the final selection; the
 * results are announced.
 */
const build = (opening: { translations?: boolean } = {}) =>
  callKit.createMachine({
    id: 'concert-japan-call',
    initial: 'draft',
    context: ({ input }) => initialCallContext(input),
    states: {
      ...callOpening({ nationalCriteria: true, ...opening }),
      in_review: review(),
      // The scientific committee.
      panel: panel(),
      selection: selection({ next: { event: 'SUBMIT_TO_BOARD', target: 'forum_of_funders' } }),
      // The forum of funders has the call's list before it, as IRCC's and SICORP's board review.
      forum_of_funders: {
        ...boardMeeting('board_decided'),
        tags: ['board-deliberating', 'board-ahead'] satisfies StateTag[],
      },
      ...results(),
    },
  });

const machine = build();

/** This program's own words for the events of its call. */
const overrides: CallRuleOverrides = {
  START_PANEL: { description: 'The scientific committee convenes.' },
  START_SELECTION: {
    description:
      "Once the scientific committee has recommended on every proposal, the ranking is drawn and the funders' selection starts.",
  },
  SUBMIT_TO_BOARD: { description: "The funders' selection goes to the forum of funders." },
  RECORD_BOARD_MEETING: { description: 'The meeting of the forum of funders is recorded: its date and attendees.' },
  BOARD_APPROVE_SELECTION: {
    description: 'The forum of funders makes the final selection, leaving out or deferring the items it names.',
  },
};

export const concertJapanCallV1 = defineWorkflow({
  id: 'concert-japan-call',
  version: 1,
  subject: 'call',
  title: 'CONCERT-Japan joint call',
  machine,
  events: callRules(machine, overrides),
});

const machineV2 = build({ translations: true });

/** The translated call version 2 is built on (`translatedCall`, kit/call-events.ts). */
export const concertJapanCallTranslated = translatedCall(concertJapanCallV1, machineV2, overrides);
