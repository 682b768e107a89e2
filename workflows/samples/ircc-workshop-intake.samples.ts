import { CALL_SET_UP, SOME_USER, type WorkflowSamples } from './kit.js';

/** IRCC workshop intake (every version): NINS alone; archived once every request has its result. */
export const irccWorkshopIntakeSamples: WorkflowSamples = {
  input: { access: { agencies: ['NINS'], lead: 'NINS', owners: [] } },
  events: {
    ANNOUNCE: CALL_SET_UP.ANNOUNCE,
    OPEN: CALL_SET_UP.OPEN,
    CLOSE: CALL_SET_UP.CLOSE,
    ARCHIVE: [{ facts: { undecidedProposals: 0 } }],
    CANCEL: [{ reason: 'The institutional project was withdrawn.' }],
    // Co-owned (version 2): NINS approves its own part.
    APPROVE_PARTICIPATION: [
      {
        agency: 'NINS',
        envelopes: [{ fiscalYear: 2027, amount: 20_000_000 }],
        capPerProjectPerYear: 3_000_000,
        appointees: [SOME_USER],
        facts: { staff: [SOME_USER], capLimits: null },
      },
    ],
  },
};
