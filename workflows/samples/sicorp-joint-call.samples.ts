import { BILATERAL, CALL_SET_UP, LATER, type WorkflowSamples } from './kit.js';

/** sicorp-joint-call (every version): a JST-NSF call with no proposals left before the panel. */
export const sicorpJointCallSamples: WorkflowSamples = {
  input: { access: { ...BILATERAL, owners: [] } },
  events: {
    ...CALL_SET_UP,
    CONFIRM_SELECTION: ['JST', 'NSF'].map((agency) => ({ agency, decisions: [], facts: { agency, envelope: 100_000_000, candidates: [] } })),
    SUBMIT_TO_BOARD: [{}],
    RECORD_OPINION: [{ recommendation: 'approve', opinion: 'A balanced selection.' }],
    CONCLUDE_DELIBERATION: [{ recommendation: 'approve', facts: { opinions: 1 } }],
    RECORD_BOARD_MEETING: [{ date: LATER, attendees: ['Board chair', 'Director'] }],
    BOARD_APPROVE_SELECTION: [{ facts: { selected: [] } }],
    ANNOUNCE_RESULTS: [{}],
    ARCHIVE: [{}],
    CANCEL: [{ reason: 'The counterpart agency withdrew its funding.' }],
  },
};
