import { LATER, jointCallEvents, multilateral, type CallAgency, type WorkflowSamples } from './kit.js';

/** The funders of the sample CONCERT-Japan call: JST and three European funders (Germany's DLR, France's ANR, Finland's AKA). */
export const CONCERT_AGENCIES: CallAgency[] = [
  { code: 'JST', cap: 6_000_000 },
  { code: 'DLR', cap: 50_000 },
  { code: 'ANR', cap: 50_000 },
  { code: 'AKA', cap: 50_000 },
];

/** The national eligibility criteria each funder publishes with the call. */
export const NATIONAL_CRITERIA: Record<string, string[]> = {
  JST: ['The Japanese PI is employed by a research institution in Japan'],
  DLR: ['The German PI holds a doctorate'],
  ANR: ['The French PI holds a permanent position', 'The French partner is a public body'],
  AKA: ['The Finnish PI holds a doctorate'],
};

/** CONCERT-Japan call (every version): JST and three European funders, no proposals left before the scientific committee. */
export const concertJapanCallSamples: WorkflowSamples = {
  input: { access: multilateral(CONCERT_AGENCIES.map((a) => a.code)) },
  events: {
    ...jointCallEvents(CONCERT_AGENCIES),
    SET_NATIONAL_CRITERIA: [{ agency: 'ANR', criteria: NATIONAL_CRITERIA.ANR }],
    SUBMIT_TO_BOARD: [{}],
    // The forum of funders.
    RECORD_BOARD_MEETING: [{ date: LATER, attendees: ['JST', 'DLR', 'ANR', 'AKA'] }],
    BOARD_APPROVE_SELECTION: [{ note: 'Final selection of the forum.', facts: { selected: [] } }],
  },
};
