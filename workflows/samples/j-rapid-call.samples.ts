import { CALL_SET_UP, type WorkflowSamples } from './kit.js';

/** J-RAPID call (every version): JST and the Philippines' DOST after a disaster; every proposal has its result when archived. */
export const jRapidCallSamples: WorkflowSamples = {
  input: { access: { agencies: ['JST', 'DOST'], lead: 'JST', owners: [] } },
  events: {
    ANNOUNCE: CALL_SET_UP.ANNOUNCE,
    // Opened straight from its draft, or after its announcement.
    OPEN: CALL_SET_UP.OPEN,
    CLOSE: CALL_SET_UP.CLOSE,
    ARCHIVE: [{ facts: { undecidedProposals: 0 } }],
    CANCEL: [{ reason: 'The affected country withdrew the joint call.' }],
  },
};
