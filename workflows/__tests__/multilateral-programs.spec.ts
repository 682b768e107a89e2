import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { belmontForumProposalV1 } from '../belmont-forum-proposal.machine.js';
import { concertJapanProposalV1 } from '../concert-japan-proposal.machine.js';
import { eAsiaJointCallV1 } from '../e-asia-joint-call.machine.js';
import { eAsiaJointProposalV1 } from '../e-asia-joint-proposal.machine.js';
import type { ProposalEvent } from '../kit/proposal-kit.js';
import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import type { SubmissionFacts } from '../kit/rules.js';

/** Budget facts with room left in each agency's envelope (the server's, for decisions that commit money). */
const room = (...agencies: string[]) => ({
  agencies: agencies.map((agency) => ({ agency, envelope: 100, committed: 0, requested: 10 })),
});

/** The stages the multilateral programs add to the kit, walked with XState's pure transition(). */

const access = { agencies: ['JST', 'NRCT', 'BRIN'], lead: 'JST', owners: ['u1'] };
const start = (machine: AnyStateMachine) => initialTransition(machine, { access })[0];
const send = (machine: AnyStateMachine, snapshot: AnyMachineSnapshot, ...events: ProposalEvent[]) =>
  events.reduce((s, e) => transition(machine, s, e as never)[0], snapshot);

const submission = (overrides: Partial<SubmissionFacts> = {}): SubmissionFacts => ({
  callState: 'open',
  agencies: [
    { code: 'JST', capPerYear: 13_000_000 },
    { code: 'NRCT', capPerYear: 1_000_000 },
    { code: 'BRIN', capPerYear: 1_000_000 },
    { code: 'NAFOSTED', capPerYear: 1_000_000 },
  ],
  durationLimits: { minMonths: 36, maxMonths: 36 },
  durationMonths: 36,
  parties: ['JST', 'NRCT', 'BRIN'].map((agency) => ({ agency, budgetPerYear: [1, 1, 1] })),
  routing: { minParties: 3, requiredAgencies: ['JST'] },
  ...overrides,
});
const eligible = (agency: string): ProposalEvent => ({ type: 'RULE_ELIGIBILITY', agency, eligible: true });
const consolidation = { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { JST: 3, NRCT: 3, BRIN: 3 } };
const complete = (agency: string): ProposalEvent => ({
  type: 'COMPLETE_AGENCY_REVIEW',
  agency,
  score: 4,
  recommendation: 'fund',
  summary: 'ok',
  facts: consolidation,
});
const panel = (recommendation: 'fund' | 'do_not_fund' = 'fund'): ProposalEvent => ({
  type: 'RECORD_PANEL_RESULT',
  recommendation,
  score: 4,
  facts: { callState: 'panel', settings: DEFAULT_REVIEW_SETTINGS, criterionAverages: {} },
});
const AGENCIES = access.agencies;

describe('e-asia-joint-proposal@1', () => {
  const sut = eAsiaJointProposalV1.machine;
  const selected = () =>
    send(
      sut,
      start(sut),
      { type: 'SUBMIT', facts: submission() },
      { type: 'START_ELIGIBILITY_CHECK' },
      ...AGENCIES.map(eligible),
      ...AGENCIES.map(complete),
      panel(),
      ...AGENCIES.map((agency): ProposalEvent => ({ type: 'SIGN_OFF_PANEL', agency })),
      ...AGENCIES.map((agency): ProposalEvent => ({
        type: 'RECORD_SELECTION',
        agency,
        decision: 'select',
        facts: room(agency),
      })),
    );

  it('is funded only once every involved agency approves', () => {
    let snapshot = selected();
    expect(snapshot.value).toBe('selected');
    snapshot = send(
      sut,
      snapshot,
      { type: 'APPROVE_FUNDING', agency: 'JST', facts: room('JST') },
      { type: 'APPROVE_FUNDING', agency: 'NRCT', facts: room('NRCT') },
    );
    expect(snapshot.value).toBe('selected');
    snapshot = send(sut, snapshot, { type: 'APPROVE_FUNDING', agency: 'BRIN', facts: room('BRIN') });
    expect(snapshot.value).toBe('board_approved');
    expect(snapshot.context.board).toEqual({ decision: 'approved', reason: null, deferredTo: null });
  });

  it("is not funded when one involved agency declines, with that agency's reason", () => {
    const snapshot = send(
      sut,
      selected(),
      { type: 'APPROVE_FUNDING', agency: 'JST', facts: room('JST') },
      { type: 'DECLINE_FUNDING', agency: 'BRIN', reason: 'no budget' },
    );
    expect(snapshot.value).toBe('board_rejected');
    expect(snapshot.context.closingReasons).toEqual(['BRIN: no budget']);
  });

  it('refuses a funding decision of an agency outside the proposal, or a second one', () => {
    const once = send(sut, selected(), { type: 'APPROVE_FUNDING', agency: 'JST', facts: room('JST') });
    expect(once.can({ type: 'APPROVE_FUNDING', agency: 'NAFOSTED', facts: room('NAFOSTED') })).toBe(false);
    expect(once.can({ type: 'DECLINE_FUNDING', agency: 'JST', reason: 'x' })).toBe(false);
  });

  it('refuses the submission of a proposal of two countries, or without the lead', () => {
    const two = submission({ parties: ['JST', 'NRCT'].map((agency) => ({ agency, budgetPerYear: [1, 1, 1] })) });
    const noLead = submission({
      parties: ['NRCT', 'BRIN', 'NAFOSTED'].map((agency) => ({ agency, budgetPerYear: [1, 1, 1] })),
    });
    expect(start(sut).can({ type: 'SUBMIT', facts: two } as never)).toBe(false);
    expect(start(sut).can({ type: 'SUBMIT', facts: noLead } as never)).toBe(false);
    expect(start(sut).can({ type: 'SUBMIT', facts: submission() } as never)).toBe(true);
  });
});

describe('e-asia-joint-call@1', () => {
  const sut = eAsiaJointCallV1.machine;
  it('is decided once every member agency has recorded its funding decisions', () => {
    const snapshot = sut.resolveState({ value: 'board_review', context: start(sut).context });
    const facts = { selected: [] };
    const afterTwo = ['JST', 'NRCT'].reduce(
      (s, agency) => transition(sut, s, { type: 'RECORD_FUNDING_DECISIONS', agency, facts } as never)[0],
      snapshot,
    );
    expect(afterTwo.value).toBe('board_review');
    const decided = transition(sut, afterTwo, { type: 'RECORD_FUNDING_DECISIONS', agency: 'BRIN', facts } as never)[0];
    expect(decided.value).toBe('board_decided');
  });
});

describe('concert-japan-proposal@1', () => {
  const sut = concertJapanProposalV1.machine;
  const nationallyEligible = (agency: string): ProposalEvent => ({
    type: 'RULE_NATIONAL_ELIGIBILITY',
    agency,
    unmet: [],
    facts: { criteria: [] },
  });
  const inEligibility = () =>
    send(sut, start(sut), { type: 'SUBMIT', facts: submission() }, { type: 'START_ELIGIBILITY_CHECK' });

  it('goes to review only when the common criteria and every national ruling are in', () => {
    const national = send(sut, inEligibility(), ...AGENCIES.map(nationallyEligible));
    expect(national.value).toBe('eligibility_check');
    expect(send(sut, national, { type: 'RULE_COMMON_ELIGIBILITY', eligible: true }).value).toBe('under_review');
  });

  it('rules each party against the national criteria its agency published, naming those not met', () => {
    const facts = { criteria: ['a permanent position', 'a public body'] };
    const snapshot = inEligibility();
    expect(snapshot.can({ type: 'RULE_NATIONAL_ELIGIBILITY', agency: 'NRCT', unmet: ['fluent French'], facts })).toBe(
      false,
    );
    const ruled = send(sut, snapshot, {
      type: 'RULE_NATIONAL_ELIGIBILITY',
      agency: 'NRCT',
      unmet: ['a public body'],
      facts,
    });
    expect(ruled.value).toBe('ineligible');
    expect(ruled.context.closingReasons).toEqual(['NRCT: national criterion not met: a public body']);
  });

  it('ends the proposal when the common criteria fail', () => {
    const snapshot = send(sut, inEligibility(), {
      type: 'RULE_COMMON_ELIGIBILITY',
      eligible: false,
      reasons: ['a single European partner'],
    });
    expect(snapshot.value).toBe('ineligible');
    expect(snapshot.context.closingReasons).toEqual(['common: a single European partner']);
  });

  it('closes the peer review with two evaluations, whatever their agencies, and the committee decides alone', () => {
    const review = send(
      sut,
      inEligibility(),
      { type: 'RULE_COMMON_ELIGIBILITY', eligible: true },
      ...AGENCIES.map(nationallyEligible),
    );
    const one = { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { NRCT: 1 } };
    const two = { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { NRCT: 1, BRIN: 1 } };
    expect(review.can({ type: 'COMPLETE_PEER_REVIEW', facts: one })).toBe(false);
    const committee = send(sut, review, { type: 'COMPLETE_PEER_REVIEW', facts: two });
    expect(committee.value).toBe('joint_panel');
    expect(send(sut, committee, panel('fund')).value).toBe('recommended');
    expect(send(sut, committee, panel('do_not_fund')).value).toBe('not_recommended');
  });
});

describe('belmont-forum-proposal@1', () => {
  const sut = belmontForumProposalV1.machine;
  const preProposal = () => send(sut, start(sut), { type: 'SUBMIT', facts: submission() });

  it('takes a pre-proposal first, and a full proposal only on invitation while the call takes them', () => {
    expect(preProposal().value).toBe('pre_proposal');
    const invited = send(sut, preProposal(), { type: 'INVITE_FULL_PROPOSAL' });
    expect(invited.value).toBe('invited');
    expect(invited.can({ type: 'SUBMIT_FULL_PROPOSAL', facts: submission({ callState: 'closed' }) })).toBe(false);
    expect(
      send(sut, invited, { type: 'SUBMIT_FULL_PROPOSAL', facts: submission({ callState: 'full_proposals' }) }).value,
    ).toBe('submitted');
  });

  it('ends a pre-proposal that is not retained, with the reason', () => {
    const snapshot = send(sut, preProposal(), { type: 'DECLINE_PRE_PROPOSAL', reason: 'outside the theme' });
    expect(snapshot.value).toBe('not_invited');
    expect(snapshot.status).toBe('done');
    expect(snapshot.context.closingReasons).toEqual(['outside the theme']);
  });

  it('agrees the funding once every agency of its parties funds its side, and awards it when announced', () => {
    const recommended = send(
      sut,
      preProposal(),
      { type: 'INVITE_FULL_PROPOSAL' },
      { type: 'SUBMIT_FULL_PROPOSAL', facts: submission({ callState: 'full_proposals' }) },
      { type: 'START_ELIGIBILITY_CHECK' },
      ...AGENCIES.map(eligible),
      ...AGENCIES.map(complete),
      panel('fund'),
    );
    expect(recommended.value).toBe('recommended');
    const agreed = send(
      sut,
      recommended,
      ...AGENCIES.map((agency): ProposalEvent => ({
        type: 'RECORD_SELECTION',
        agency,
        decision: 'select',
        facts: room(agency),
      })),
    );
    expect(agreed.value).toBe('funding_agreed');
    const announced = send(sut, agreed, {
      type: 'ANNOUNCE_RESULT',
      facts: { now: '2027-06-01T00:00:00.000Z', redressDays: 30, commentsToApplicants: [] },
    });
    expect(announced.value).toBe('awarded');
  });
});
