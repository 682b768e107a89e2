import { assign } from 'xstate';
import { callKit } from './call-kit.js';
import { notify } from './effects.js';
import type { StateTag } from './state-tags.js';

/**
 * The stages of a joint call, as state configs a program's call machine composes. State names are
 * shared by every program (`open`, `panel`, `selection`, `board_decided`, ...): timers, facts and
 * the review pages know them. A rule fixed here is fixed in every program.
 * Each state names the sets it belongs to as tags (state-tags.ts): the server asks for a tag.
 */

/** The transitions of a call state, as the kit's setup types them. */
type CallTransitions = NonNullable<Parameters<typeof callKit.createStateConfig>[0]['on']>;

const configureReview = {
  CONFIGURE_REVIEW: { guard: 'settingsHold', actions: 'configureReview' },
  ADD_AGENCY_CRITERIA: { guard: 'agencyCriteriaHold', actions: 'addAgencyCriteria' },
} as const;

const cancel = {
  target: 'cancelled',
  actions: ['recordCancellation', notify('call-cancelled', ['participant-staff'])],
} as const;

/** A state in which the lead agency (and each agency for its own criteria) may still set up the review. */
export const reviewSetUp = (on: CallTransitions) =>
  callKit.createStateConfig({ tags: ['panel-ahead', 'board-ahead'], on: { ...on, ...configureReview } });

/**
 * The agencies announce the call together; it opens and closes at its dates (durable timers); the
 * review may be set up until review starts. `afterClose`: what the closed call waits for (review).
 * `rapid`: the call may open straight from its draft, announced and opened at once (J-RAPID).
 * `translations`: the call is announced and opened only once every required language version of its
 * texts and criteria exists (guard `translationsComplete`; call workflows from version 2).
 */
export const callOpening = ({
  afterClose = { START_REVIEW: 'in_review' } as CallTransitions,
  nationalCriteria = false,
  rapid = false,
  translations = false,
} = {}) => {
  // Without the option the transitions are exactly version 1's (no guard key at all).
  const translated = translations ? ({ guard: 'translationsComplete' } as const) : {};
  // CONCERT-Japan: each agency publishes its national eligibility criteria until the call closes.
  const national = nationalCriteria
    ? ({ SET_NATIONAL_CRITERIA: { guard: 'agencyMaySetNationalCriteria', actions: 'recordNationalCriteria' } } as const)
    : {};
  return {
    draft: callKit.createStateConfig({
      tags: ['private-draft', 'opening-ahead', 'closing-ahead', 'panel-ahead', 'board-ahead'],
      on: {
        ANNOUNCE: { ...translated, target: 'announced', actions: notify('call-announced', ['participant-staff']) },
        ...(rapid
          ? { OPEN: { ...translated, target: 'open', actions: notify('call-opened', ['participant-staff']) } }
          : {}),
        ...configureReview,
        ...national,
        CANCEL: cancel,
      },
    }),
    announced: callKit.createStateConfig({
      tags: ['accepts-drafts', 'opening-ahead', 'closing-ahead', 'panel-ahead', 'board-ahead'],
      on: {
        OPEN: { ...translated, target: 'open', actions: notify('call-opened', ['participant-staff']) },
        ...configureReview,
        ...national,
        CANCEL: cancel,
      },
    }),
    open: callKit.createStateConfig({
      tags: ['accepts-drafts', 'open-for-submissions', 'closing-ahead', 'panel-ahead', 'board-ahead'],
      on: {
        CLOSE: { target: 'closed', actions: notify('call-closed', ['participant-staff']) },
        ...configureReview,
        ...national,
        CANCEL: cancel,
      },
    }),
    closed: reviewSetUp(afterClose),
  };
};

/** Each agency reviews its side until the joint panel (or committee, or meeting) convenes. */
export const review = () =>
  callKit.createStateConfig({
    tags: ['panel-ahead', 'board-ahead'],
    on: {
      START_PANEL: { target: 'panel', actions: ['recordPanelSession', notify('panel-convened', ['panel-members'])] },
    },
  });

/**
 * The panel sits until every proposal has its result; the joint ranking is then drawn from the consensus.
 * `agencyRankings` (e-ASIA from call @3): each agency submits its ordered ranking of its own proposals
 * and the meeting compiles the joint ranking from them by a recorded merge rule (kit/joint-ranking.ts)
 * instead of drawing it from the consensus scores.
 */
export const panel = ({ agencyRankings = false } = {}) =>
  callKit.createStateConfig({
    tags: ['board-ahead'],
    on: agencyRankings
      ? {
          SUBMIT_AGENCY_RANKING: { guard: 'agencyRankingHolds', actions: 'recordAgencyRanking' },
          COMPILE_JOINT_RANKING: {
            guard: 'jointRankingCompilable',
            target: 'selection',
            actions: 'recordJointRanking',
          },
        }
      : { START_SELECTION: { guard: 'panelClosed', target: 'selection' } },
  });

/**
 * Each agency confirms its decisions over the joint ranking within its own envelope; once all have,
 * the lead sends the list on (`SUBMIT_TO_BOARD` to `board_review`) or concludes the selection.
 */
export const selection = ({
  next = { event: 'SUBMIT_TO_BOARD', target: 'board_review' } as {
    event: 'SUBMIT_TO_BOARD' | 'CONCLUDE_SELECTION';
    target: string;
  },
} = {}) =>
  callKit.createStateConfig({
    tags: ['board-ahead'],
    on: {
      MOVE_IN_RANKING: {
        guard: 'proposalRanked',
        actions: assign({ rankingMoves: ({ context }) => context.rankingMoves + 1 }),
      },
      CONFIRM_SELECTION: { guard: 'agencyMayConfirm', actions: 'recordConfirmation' },
      [next.event]: {
        guard: 'allAgenciesConfirmed',
        target: next.target,
        actions:
          next.event === 'SUBMIT_TO_BOARD'
            ? notify('selection-ready-for-board', ['steering-committee', 'board-members'])
            : notify('selection-concluded', ['participant-staff']),
      },
    },
  });

const boardDecided = (target: string, guard: 'boardListHolds' | 'boardRejectsEverything' = 'boardListHolds') =>
  ({ guard, target, actions: ['recordBoardDecision', notify('board-decision', ['participant-staff'])] }) as const;

/**
 * The board meeting (its date and attendees recorded) approves the list, rejecting or deferring the
 * items it names. `declined`: where the call goes when the board rejects every item (IRCC: the
 * unit is not established).
 */
export const boardMeeting = (decided: string, { declined }: { declined?: string } = {}) =>
  callKit.createStateConfig({
    tags: ['board-ahead'],
    on: {
      RECORD_BOARD_MEETING: { actions: 'recordBoardMeeting' },
      BOARD_APPROVE_SELECTION: declined
        ? [boardDecided(declined, 'boardRejectsEverything'), boardDecided(decided)]
        : boardDecided(decided),
    },
  });

/**
 * IRCC: the steering committee deliberates, then the board meeting decides (`machineId`: the call
 * machine's id; `decided`, `declined`: the call's states after the board, see `boardMeeting`).
 */
export const steeringCommitteeAndBoard = (
  machineId: string,
  { decided = 'board_decided', declined }: { decided?: string; declined?: string } = {},
) =>
  callKit.createStateConfig({
    tags: ['board-deliberating', 'board-ahead'],
    initial: 'steering_committee',
    states: {
      steering_committee: {
        on: {
          RECORD_OPINION: { actions: assign({ opinionsRecorded: ({ context }) => context.opinionsRecorded + 1 }) },
          CONCLUDE_DELIBERATION: { guard: 'opinionsRecorded', target: 'board_meeting', actions: 'recordDeliberation' },
        },
      },
      board_meeting: boardMeeting(
        `#${machineId}.${decided}`,
        declined ? { declined: `#${machineId}.${declined}` } : {},
      ),
    },
  });

/** Each agency's board decides on funding its side of the selected projects; the call is decided once all have. */
export const agencyFundingDecisions = () =>
  callKit.createStateConfig({
    always: {
      guard: 'allAgenciesRecordedFunding',
      target: 'board_decided',
      actions: notify('board-decision', ['participant-staff']),
    },
    on: { RECORD_FUNDING_DECISIONS: { guard: 'agencyMayRecordFunding', actions: 'recordFundingDecisions' } },
  });

/** A call whose proposals are decided one by one is archived once every submitted one has its result (J-RAPID). */
export const archiveOnceDecided = () => ({ ARCHIVE: { guard: 'proposalsDecided', target: 'archived' } }) as const;

/** The end states of every call. */
export const callEnds = () => ({
  archived: { type: 'final' as const, tags: ['ended'] satisfies StateTag[] },
  cancelled: { type: 'final' as const, tags: ['ended'] satisfies StateTag[] },
});

/** The decided call (each of its `decided` states) announces its results to every decided proposal, then is archived. */
export const results = ({ decided = 'board_decided' as string | string[] } = {}) => ({
  ...Object.fromEntries(
    [decided].flat().map((state) => [
      state,
      callKit.createStateConfig({
        on: {
          ANNOUNCE_RESULTS: {
            target: 'results_announced',
            actions: notify('results-announced', ['participant-staff']),
          },
        },
      }),
    ]),
  ),
  results_announced: callKit.createStateConfig({ on: { ARCHIVE: 'archived' } }),
  ...callEnds(),
});
