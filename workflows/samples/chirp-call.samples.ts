import { jointCallEvents, type CallAgency, type WorkflowSamples } from './kit.js';

/** The agencies of the sample CHIRP call: JST and Thailand's NSTDA. */
export const CHIRP_AGENCIES: CallAgency[] = [
  { code: 'JST', cap: 100_000_000 },
  { code: 'NSTDA', cap: 10_000_000 },
];

/** CHIRP call (every version): JST and NSTDA, no proposals left before the joint panel. */
export const chirpCallSamples: WorkflowSamples = {
  input: { access: { agencies: CHIRP_AGENCIES.map((a) => a.code), lead: 'JST', owners: [] } },
  events: {
    ...jointCallEvents(CHIRP_AGENCIES),
    CONCLUDE_SELECTION: [{}],
  },
};
