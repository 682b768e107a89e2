import { NOW, type WorkflowSamples } from './kit.js';

/** IRCC research unit (every version): NINS proposes it with MPG; the steering committee, then the board. */
export const irccResearchUnitSamples: WorkflowSamples = {
  input: { access: { agencies: ['NINS', 'MPG'], lead: 'NINS', owners: [] } },
  events: {
    SUBMIT_TO_STEERING_COMMITTEE: [{}],
    RECORD_OPINION: [{ recommendation: 'approve', opinion: 'The agreement is in place.' }],
    CONCLUDE_DELIBERATION: [{ recommendation: 'approve', note: 'Establish the unit.' }],
    BOARD_ESTABLISH: [{ date: NOW }],
    BOARD_DECLINE: [{ date: NOW, note: 'The agreement is not signed yet.' }],
    END_UNIT: [{ reason: 'The agreement ended.' }],
  },
};
