import { CALL_SET_UP, LATER, SOME_PROPOSAL, type WorkflowSamples } from './kit.js';

/** NINS, the lead, and its partner institute abroad (Germany's Max Planck Society). */
export const IRCC_ACCESS = { agencies: ['NINS', 'MPG'], lead: 'NINS' };

/** The board's list: the fellow both institutes selected. */
const boardList = { selected: [SOME_PROPOSAL] };

/** IRCC research unit call (every version): one candidate fellow selected by both, then the steering committee and the board meeting. */
export const irccResearchUnitCallSamples: WorkflowSamples = {
  input: { access: { ...IRCC_ACCESS, owners: [] } },
  events: {
    ...CALL_SET_UP,
    ADD_AGENCY_CRITERIA: [{ agency: 'NINS', criteria: [{ key: 'fit', label: 'Fit with the unit', weight: 1 }] }],
    CONFIRM_SELECTION: IRCC_ACCESS.agencies.map((agency) => ({ agency, decisions: [], facts: { agency, envelope: 10_000_000, candidates: [] } })),
    SUBMIT_TO_BOARD: [{}],
    RECORD_OPINION: [{ recommendation: 'approve', opinion: 'The candidate fits the unit well.' }],
    CONCLUDE_DELIBERATION: [{ recommendation: 'approve', facts: { opinions: 1 } }],
    RECORD_BOARD_MEETING: [{ date: LATER, attendees: ['President of NINS', 'Director of IRCC'] }],
    BOARD_APPROVE_SELECTION: [
      // The unit is established with its fellow.
      { note: 'The unit is established.', facts: boardList },
      // Every candidate on the list is rejected: the unit is not established.
      { rejections: [{ proposalId: SOME_PROPOSAL, reason: 'The partner institute cannot host the fellow.' }], facts: boardList },
    ],
    ANNOUNCE_RESULTS: [{}],
    ARCHIVE: [{}],
    CANCEL: [{ reason: 'The partner institute withdrew from the unit.' }],
  },
};
