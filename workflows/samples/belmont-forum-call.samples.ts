import { jointCallEvents, multilateral, type CallAgency, type WorkflowSamples } from './kit.js';

/** The members of the sample Belmont Forum call: JST, the US NSF, Germany's DFG and Brazil's FAPESP. */
export const BELMONT_AGENCIES: CallAgency[] = [
  { code: 'JST', cap: 8_000_000 },
  { code: 'NSF', cap: 100_000 },
  { code: 'DFG', cap: 100_000 },
  { code: 'FAPESP', cap: 100_000 },
];

/** Belmont Forum call (every version): four members, pre-proposals then invited full proposals. */
export const belmontForumCallSamples: WorkflowSamples = {
  input: { access: multilateral(BELMONT_AGENCIES.map((a) => a.code)) },
  events: {
    ...jointCallEvents(BELMONT_AGENCIES),
    OPEN_FULL_PROPOSALS: [{}],
    CLOSE_FULL_PROPOSALS: [{}],
    CONCLUDE_SELECTION: [{}],
  },
};
