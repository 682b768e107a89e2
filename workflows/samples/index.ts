import { belmontForumCallSamples } from './belmont-forum-call.samples.js';
import { belmontForumProposalSamples } from './belmont-forum-proposal.samples.js';
import { chirpCallSamples } from './chirp-call.samples.js';
import { chirpHubSamples, chirpHubV3Samples } from './chirp-hub.samples.js';
import { concertJapanCallSamples } from './concert-japan-call.samples.js';
import { concertJapanProposalSamples } from './concert-japan-proposal.samples.js';
import { eAsiaJointCallSamples } from './e-asia-joint-call.samples.js';
import { eAsiaJointProposalSamples } from './e-asia-joint-proposal.samples.js';
import { irccFellowApplicationSamples } from './ircc-fellow-application.samples.js';
import { irccResearchUnitCallSamples } from './ircc-research-unit-call.samples.js';
import { irccWorkshopSupportSamples } from './ircc-workshop-support.samples.js';
import { irccResearchUnitSamples } from './ircc-research-unit.samples.js';
import { irccWorkshopIntakeSamples } from './ircc-workshop-intake.samples.js';
import { jRapidCallSamples } from './j-rapid-call.samples.js';
import { jRapidProposalSamples } from './j-rapid-proposal.samples.js';
import { SOME_USER, type WorkflowSamples } from './kit.js';
import { reviewAssignmentSamples } from './review-assignment.samples.js';
import { sicorpJointCallSamples } from './sicorp-joint-call.samples.js';
import { sicorpJointProposalSamples, sicorpJointProposalV4Samples } from './sicorp-joint-proposal.samples.js';

export type { WorkflowSamples } from './kit.js';

/**
 * Sample events by workflow id (or `id@version` when a version needs its own). A workflow without
 * samples is walked with empty payloads and each agency of a bilateral call, which reaches fewer states.
 */
const SAMPLES_BY_WORKFLOW: Record<string, WorkflowSamples> = {
  'sicorp-joint-call': sicorpJointCallSamples,
  'sicorp-joint-proposal': sicorpJointProposalSamples,
  // console14: version 4's board waits for the call's board meeting (facts in its samples).
  'sicorp-joint-proposal@4': sicorpJointProposalV4Samples,
  'review-assignment': reviewAssignmentSamples,
  'e-asia-joint-call': eAsiaJointCallSamples,
  'e-asia-joint-proposal': eAsiaJointProposalSamples,
  'concert-japan-call': concertJapanCallSamples,
  'concert-japan-proposal': concertJapanProposalSamples,
  'belmont-forum-call': belmontForumCallSamples,
  'belmont-forum-proposal': belmontForumProposalSamples,
  'j-rapid-call': jRapidCallSamples,
  'j-rapid-proposal': jRapidProposalSamples,
  'chirp-call': chirpCallSamples,
  'chirp-hub': chirpHubSamples,
  // chirp-jrapid: the second period's length and budgets.
  'chirp-hub@3': chirpHubV3Samples,
  'ircc-research-unit-call': irccResearchUnitCallSamples,
  'ircc-fellow-application': irccFellowApplicationSamples,
  'ircc-workshop-support': irccWorkshopSupportSamples,
  // Branch ircc.
  'ircc-research-unit': irccResearchUnitSamples,
  'ircc-workshop-intake': irccWorkshopIntakeSamples,
};

/**
 * Every call's samples also hold each of its agencies' approval of its participation (co-owned
 * calls, version 2; version 1 never tries an event it does not know).
 */
const withParticipation = (samples: WorkflowSamples): WorkflowSamples => {
  const agencies = (samples.input.access as { agencies: string[] }).agencies;
  return {
    ...samples,
    events: {
      ...samples.events,
      APPROVE_PARTICIPATION: agencies.map((agency) => ({
        agency,
        envelopes: [
          { fiscalYear: 2027, amount: 100_000_000 },
          { fiscalYear: 2028, amount: 100_000_000 },
        ],
        capPerProjectPerYear: 10_000_000,
        appointees: [SOME_USER],
        facts: { staff: [SOME_USER], capLimits: null },
      })),
    },
  };
};

export const SAMPLES: Record<string, WorkflowSamples> = Object.fromEntries(
  Object.entries(SAMPLES_BY_WORKFLOW).map(([id, samples]) => [
    id,
    id.endsWith('-call') ? withParticipation(samples) : samples,
  ]),
);
