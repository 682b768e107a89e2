import { callKit, initialCallContext } from './kit/call-kit.js';
import { callRules, mergeCallRules, TRANSLATED_CALL_RULES, type CallRuleOverrides } from './kit/call-events.js';
import { participationVersion } from './kit/call-participation.js';
import { agencyFundingDecisions, callOpening, panel, results, review, selection } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * Version 3 of `e-asia-joint-call` (issue 15, branch easia): the e-ASIA JRP procedure as DOMAIN.md
 * describes it ("e-ASIA JRP (the program's own description)"), on version 2's co-owned, translated call.
 *
 * - The Program Secretariat is the call's lead member organisation, acting through the program
 *   officers and directors it appointed for the call (step 2: "The lead PI submits one common
 *   application to the Program Secretariat"). It sees every proposal of the call (to route it), not
 *   the reviews of proposals its country has no researchers in.
 * - Step 4: "Each member organisation ranks its proposals by its own review; then all meet in a joint
 *   review meeting and compile the final joint ranking." At the meeting (`panel`) each agency submits
 *   its ordered ranking (`SUBMIT_AGENCY_RANKING`); the meeting compiles the joint ranking
 *   (`COMPILE_JOINT_RANKING`) by a merge rule it names, recorded with who compiled it and when. The
 *   procedure names no merge rule: kit/joint-ranking.ts offers the catalog's choices (placeholders).
 *   Version 2 drew the joint ranking from the consensus scores (`START_SELECTION`); this one does not.
 * - Step 5: "The secretariat submits the ranking to the board, which approves the projects":
 *   `SUBMIT_TO_BOARD` is the secretariat's; step 6: each member organisation's board then decides on
 *   funding its own country's researchers (`RECORD_FUNDING_DECISIONS`), as in version 2.
 */
const machine = callKit.createMachine({
  id: 'e-asia-joint-call',
  initial: 'draft',
  context: ({ input }) => initialCallContext(input),
  states: {
    ...callOpening({ translations: true }),
    in_review: review(),
    // The joint review meeting.
    panel: panel({ agencyRankings: true }),
    selection: selection(),
    board_review: agencyFundingDecisions(),
    ...results(),
  },
});

const secretariat = ['program_officer', 'program_director', 'administrator'] as const;

const overrides: CallRuleOverrides = {
  START_REVIEW: {
    description:
      'After the deadline the Program Secretariat (the lead member organisation) sends each member organisation the proposals that include researchers of its own country; each reviews them.',
  },
  START_PANEL: { description: 'The joint review meeting of the member agencies convenes.' },
  SUBMIT_TO_BOARD: {
    roles: secretariat,
    scope: 'lead',
    description:
      "The Program Secretariat submits the joint ranking, with every member organisation's selection, to the board.",
  },
};

const translated = defineWorkflow({
  id: 'e-asia-joint-call',
  version: 3,
  subject: 'call',
  title: 'e-ASIA JRP joint call (secretariat, agency rankings, joint ranking by a merge rule)',
  machine,
  events: callRules(machine, mergeCallRules(overrides, TRANSLATED_CALL_RULES)),
});

export const eAsiaJointCallV3 = participationVersion(translated, 3);
