import { IRCC_ACCESS } from './ircc-research-unit-call.samples.js';
import type { WorkflowSamples } from './kit.js';

/** The request's facts: the call is open and both institutes' organisers ask for one year's support (no research period applies). */
const submission = {
  callState: 'open',
  agencies: [
    { code: 'NINS', capPerYear: 10_000_000 },
    { code: 'MPG', capPerYear: 100_000 },
  ],
  durationLimits: { minMonths: 12, maxMonths: 60 },
  durationMonths: 1,
  parties: [
    { agency: 'NINS', budgetPerYear: [1_000_000] },
    { agency: 'MPG', budgetPerYear: [10_000] },
  ],
};

/** IRCC workshop support request (every version): the center (NINS) approves or declines; the organisers report. */
export const irccWorkshopSupportSamples: WorkflowSamples = {
  input: { access: { ...IRCC_ACCESS, owners: ['00000000-0000-4000-8000-00000000000a'] } },
  events: {
    SUBMIT: [{ facts: submission }],
    APPROVE_REQUEST: [{}],
    DECLINE_REQUEST: [{ reason: 'The workshop falls outside the research unit.' }],
    SUBMIT_REPORT: [{ report: 'Forty participants from both institutes; the talks are online.' }],
    WITHDRAW: [{ reason: 'The workshop was postponed.' }],
    // Version 2 (branch ircc): the intake's cancellation reaches the request.
    CALL_CANCELLED: [{ reason: 'The institutional project was withdrawn.', facts: { reviewers: [] } }],
  },
};
