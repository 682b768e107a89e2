import { callKit, initialCallContext } from './kit/call-kit.js';
import { callRules, translatedCall, type CallRuleOverrides } from './kit/call-events.js';
import { callOpening, panel, results, review, selection, steeringCommitteeAndBoard } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * An IRCC research unit (NINS seed): the open call for its research fellow is raised together by
 * NINS and the partner institute abroad, and both review the candidates; their joint selection
 * committee agrees on each candidate and both confirm the fellow they select; the steering
 * committee deliberates; the board meeting decides the establishment of the unit. Approving the
 * selected fellow establishes the unit with the fellow appointed; rejecting every candidate on its
 * list leaves the unit not established. The decision is then announced.
 */
const build = (opening: { translations?: boolean } = {}) =>
  callKit.createMachine({
    id: 'ircc-research-unit-call',
    initial: 'draft',
    context: ({ input }) => initialCallContext(input),
    states: {
      ...callOpening(opening),
      in_review: review(),
      // The joint selection committee of NINS and the partner institute.
      panel: panel(),
      selection: selection(),
      board_review: steeringCommitteeAndBoard('ircc-research-unit-call', {
        decided: 'unit_established',
        declined: 'unit_not_established',
      }),
      ...results({ decided: ['unit_established', 'unit_not_established'] }),
    },
  });

const machine = build();

/** This program's own words for the events of its call. */
const overrides: CallRuleOverrides = {
  ANNOUNCE: { description: 'NINS and the partner institute raise the open call for the research fellow together.' },
  START_PANEL: { description: 'The joint selection committee of NINS and the partner institute convenes.' },
  CONFIRM_SELECTION: { description: 'NINS and the partner institute each confirm the fellow they select.' },
  SUBMIT_TO_BOARD: {
    description:
      'The proposed establishment of the unit, with its fellow, goes to the steering committee and the board meeting.',
  },
  BOARD_APPROVE_SELECTION: {
    description:
      'The board meeting decides the establishment of the unit: approving the selected fellow establishes it; rejecting every candidate on its list does not.',
  },
};

export const irccResearchUnitCallV1 = defineWorkflow({
  id: 'ircc-research-unit-call',
  version: 1,
  subject: 'call',
  title: 'IRCC research unit: joint open call for a research fellow',
  machine,
  events: callRules(machine, overrides),
});

const machineV2 = build({ translations: true });

/** The translated call version 2 is built on (`translatedCall`, kit/call-events.ts). */
export const irccResearchUnitCallTranslated = translatedCall(irccResearchUnitCallV1, machineV2, overrides);
