import { CALL_SET_UP, type WorkflowSamples } from './kit.js';

/** IRCC workshop intake (every version): NINS alone; archived once every request has its result. */
export const irccWorkshopIntakeSamples: WorkflowSamples = {
  input: { access: { agencies: ['NINS'], lead: 'NINS', owners: [] } },
  events: {
    ANNOUNCE: CALL_SET_UP.ANNOUNCE,
    OPEN: CALL_SET_UP.OPEN,
    CLOSE: CALL_SET_UP.CLOSE,
    ARCHIVE: [{ facts: { undecidedProposals: 0 } }],
    CANCEL: [{ reason: 'The institutional project was withdrawn.' }],
  },
};
