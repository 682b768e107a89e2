import { jointCallEvents, multilateral, SOME_PROPOSAL, type CallAgency, type WorkflowSamples } from './kit.js';

/** The member agencies of the sample e-ASIA JRP call: JST, Thailand's NSTDA, Viet Nam's MOST, Indonesia's BRIN. */
export const E_ASIA_AGENCIES: CallAgency[] = [
  { code: 'JST', cap: 10_000_000 },
  { code: 'NSTDA', cap: 1_000_000 },
  { code: 'MOST', cap: 1_000_000 },
  { code: 'BRIN', cap: 1_000_000 },
];

/** e-ASIA JRP call (every version): four member agencies, no proposals left before the joint review meeting. */
export const eAsiaJointCallSamples: WorkflowSamples = {
  input: { access: multilateral(E_ASIA_AGENCIES.map((a) => a.code)) },
  events: {
    ...jointCallEvents(E_ASIA_AGENCIES),
    SUBMIT_TO_BOARD: [{}],
    // Version 3 on: each member agency's ordered ranking, and the joint ranking compiled from them.
    SUBMIT_AGENCY_RANKING: [{ agency: 'JST', order: [SOME_PROPOSAL], facts: { toRank: [SOME_PROPOSAL] } }],
    COMPILE_JOINT_RANKING: [
      { rule: 'mean-normalised-borda', facts: { pendingProposals: 0, missingRankings: [], unsettledTies: [] } },
    ],
    // Each member agency's board decides on its side of the selected projects.
    RECORD_FUNDING_DECISIONS: E_ASIA_AGENCIES.map(({ code }) => ({ agency: code, facts: { selected: [] } })),
  },
};
