import { approveDemoParticipation, openAnnouncedCall } from './demo-participation.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type Actor, SYSTEM_ACTOR } from '../../engine/actor.js';
import type { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import type { CallsService } from '../calls/calls.service.js';
import type { ProposalsService } from '../proposals/proposals.service.js';
import type { AssignmentsService } from '../reviews/assignments.service.js';
import type { ReviewersService } from '../reviews/reviewers.service.js';
import type { UsersService } from '../users/users.service.js';
import type { PasswordService } from '../auth/password.service.js';
import type { DemoRepository } from './demo.repository.js';

/** The services the lively demo goes through (the API's own: nothing of workflow state is inserted). */
export interface DemoServices {
  proposals: ProposalsService;
  reviewers: ReviewersService;
  assignments: AssignmentsService;
}

/** Reviewers each demo agency's pool holds (the demo's `reviewer@` user first). */
const POOL: { local: string; name: string; expertise: string[] }[] = [
  { local: 'reviewer', name: 'Demo Reviewer', expertise: ['seismology', 'geohazards'] },
  { local: 'reviewer2', name: 'Second Reviewer', expertise: ['hydrology', 'flood risk'] },
  { local: 'reviewer3', name: 'Third Reviewer', expertise: ['remote sensing', 'machine learning'] },
  { local: 'reviewer4', name: 'Fourth Reviewer', expertise: ['civil engineering'] },
];

/** Institutions of the pools' reviewers: none of them the demo investigators' (no conflict of interest). */
const INSTITUTIONS: Record<string, string[]> = {
  JP: ['Kyoto University', 'University of Tokyo', 'Hokkaido University', 'Osaka University'],
  other: ['Stanford University', 'Massachusetts Institute of Technology', 'Caltech', 'University of Michigan'],
};

/** Titles of the review call's proposals, one per stage it shows. */
const STAGES = [
  ['drafting', 'Community sensing of urban flooding'],
  ['submitted', 'Tsunami inundation forecasting with ocean-bottom sensors'],
  ['eligibility', 'Resilient power grids after earthquakes'],
  ['review', 'Early warning of landslides from dense seismic arrays'],
  ['review2', 'Satellite monitoring of levee deformation'],
  ['panel', 'Social vulnerability maps for evacuation planning'],
  ['selection', 'Digital twins of bridges under seismic load'],
  ['selection2', 'Wildfire smoke exposure and public health'],
] as const;

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A demo user's actor for one role at one agency. */
async function actorOf(demo: DemoRepository, email: string, role: string, agency: string | null): Promise<Actor> {
  return { userId: await demo.userIdByEmail(email), grants: [{ role: role as never, agency }] };
}

/**
 * Reviewer pools of the demo agencies: four reviewers each (the demo's reviewer and three more
 * users, `reviewer2@<agency>.example`, ..., with the demo password), through ReviewersService.
 * Returns the new users' tokens.
 */
export async function fillPools(
  demo: DemoRepository,
  users: UsersService,
  passwords: PasswordService | undefined,
  reviewers: ReviewersService,
  agencies: { code: string; country: string }[],
  password: string,
): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const { code, country } of agencies) {
    const institutions = INSTITUTIONS[country] ?? INSTITUTIONS.other;
    const manager = await actorOf(demo, `po@${code.toLowerCase()}.example`, 'program_officer', code);
    for (const [i, r] of POOL.entries()) {
      const email = `${r.local}@${code.toLowerCase()}.example`;
      if (r.local !== 'reviewer') {
        const user = await users.createUser(email, `${code} ${r.name}`);
        await passwords?.set(user.id, password);
        tokens[email] = await users.issueToken(email, 'demo');
      }
      try {
        await reviewers.add(
          code,
          { email, name: `${code} ${r.name}`, institution: institutions[i], expertise: r.expertise },
          manager,
        );
      } catch (e) {
        // Already in the pool: a second run of the demo.
        if (!(e instanceof DomainException && e.code === ErrorCode.Conflict)) throw e;
      }
    }
  }
  return tokens;
}

interface Cast {
  lead: string;
  cp: string;
  po: Record<string, Actor>;
  pd: Record<string, Actor>;
  applicant: Actor;
  panel: Actor;
  steering: Record<string, Actor>;
  reviewer: Record<string, Actor[]>;
  reviewerIds: Record<string, string[]>;
}

async function cast(demo: DemoRepository, lead: string, cp: string): Promise<Cast> {
  const e = (role: string, agency: string) => `${role}@${agency.toLowerCase()}.example`;
  const c: Cast = {
    lead,
    cp,
    po: {},
    pd: {},
    applicant: await actorOf(demo, e('applicant', lead), 'applicant', lead),
    panel: await actorOf(demo, e('panel', lead), 'panel_member', lead),
    steering: {},
    reviewer: {},
    reviewerIds: {},
  };
  for (const a of [lead, cp]) {
    c.po[a] = await actorOf(demo, e('po', a), 'program_officer', a);
    c.pd[a] = await actorOf(demo, e('pd', a), 'program_director', a);
    c.steering[a] = await actorOf(demo, e('steering', a), 'steering_committee_member', a);
    c.reviewer[a] = [];
    c.reviewerIds[a] = [];
    for (const r of POOL) {
      const email = e(r.local, a);
      c.reviewer[a].push(await actorOf(demo, email, 'reviewer', a));
      c.reviewerIds[a].push(await demo.reviewerId(a, email));
    }
  }
  return c;
}

const PARTY = {
  JST: { piName: 'Hanako Sato', institution: 'Tohoku University', country: 'JP', budget: 20_000_000 },
  NSF: { piName: 'Alex Smith', institution: 'University of Washington', country: 'US', budget: 150_000 },
} as Record<string, { piName: string; institution: string; country: string; budget: number }>;

/**
 * The demo calls beyond the open one, through the engine and the services as their people would
 * (SICORP bilateral, JST and its counterpart):
 * - a call in its joint panel with a proposal at every stage: a draft left unsubmitted, submitted,
 *   in the eligibility check, two under review (reviewers invited, accepted, declined, submitted,
 *   and one review overdue), one at the joint panel, two recommended to the agencies' selection;
 * - a call whose selection went to the steering committee and the board.
 * Made once: a second run finds the calls by title and leaves them as they are.
 */
export async function livelyCalls(
  demo: DemoRepository,
  calls: CallsService,
  engine: WorkflowEngine,
  services: DemoServices,
  base: { program: string; lead: string; cp: string; caps: Record<string, number> },
): Promise<{ reviewCall: string; boardCall: string }> {
  const c = await cast(demo, base.lead, base.cp);
  const reviewCall = await demoCall(
    demo,
    calls,
    engine,
    c,
    base,
    'Japan-US joint call on resilient infrastructure (demo, in review)',
  );
  const boardCall = await demoCall(
    demo,
    calls,
    engine,
    c,
    base,
    'Japan-US joint call on climate adaptation (demo, at the board)',
  );
  // Closed by hand, then its dates moved to say so (the closing timer no longer applies once closed).
  const closed = async (callId: string, deadlineDaysAgo: number) => {
    await engine.send({ subjectType: 'call', instanceId: callId, body: { type: 'CLOSE' }, actor: c.po[c.lead] });
    await calls.updateDates(
      callId,
      { opensAt: at(-deadlineDaysAgo - 60), submissionDeadline: at(-deadlineDaysAgo) },
      c.po[c.lead],
    );
  };
  if (reviewCall.created) await reviewStages(engine, services, c, reviewCall.id, (id) => closed(id, 14));
  if (boardCall.created) await boardStages(engine, services, c, boardCall.id, (id) => closed(id, 60));
  return { reviewCall: reviewCall.id, boardCall: boardCall.id };
}

async function demoCall(
  demo: DemoRepository,
  calls: CallsService,
  engine: WorkflowEngine,
  c: Cast,
  base: { program: string; caps: Record<string, number> },
  title: string,
): Promise<{ id: string; created: boolean }> {
  const existing = await demo.callIdByTitle(title);
  if (existing) return { id: existing, created: false };
  const cap = (a: string) => base.caps[a];
  const call = await calls.create(
    {
      program: base.program,
      title,
      description: 'Demo call: its proposals stand at the stages the console shows.',
      agencies: [
        { code: c.lead, role: 'lead' },
        { code: c.cp, role: 'counterpart' },
      ],
      opensAt: at(-1),
      submissionDeadline: at(30),
      reviewDue: at(60),
      panelDate: at(75),
      boardDate: at(90),
    },
    c.po[c.lead],
  );
  const send = (type: string, body: Record<string, unknown> = {}) =>
    engine.send({ subjectType: 'call', instanceId: call.id, body: { type, ...body }, actor: c.po[c.lead] });
  // Each agency approves its own part of the co-owned call (ten three-year projects' worth a year).
  for (const agency of [c.lead, c.cp])
    await approveDemoParticipation(
      engine,
      call.id,
      agency,
      { po: c.po[agency], pdUserId: c.pd[agency]?.userId ?? null },
      { perYear: Math.floor((cap(agency) * 10) / 3), cap: cap(agency), currency: await demo.currencyOf(agency) },
    );
  await send('ANNOUNCE');
  await openAnnouncedCall(engine, call.id, c.po[c.lead]);
  await send('CONFIGURE_REVIEW', { minReviewersPerAgency: 2, reviewDue: at(21) });
  return { id: call.id, created: true };
}

async function draft(
  services: DemoServices,
  c: Cast,
  callId: string,
  title: string,
  submit: boolean,
  engine: WorkflowEngine,
) {
  const p = await services.proposals.create(
    {
      callId,
      title,
      abstract: `${title}: a joint project of a Japanese and a US team (demo).`,
      durationMonths: 36,
      keywords: ['disaster resilience'],
      parties: [c.lead, c.cp].map((a) => ({
        agency: a,
        piName: PARTY[a]?.piName ?? `${a} investigator`,
        institution: PARTY[a]?.institution ?? `${a} university`,
        country: PARTY[a]?.country ?? 'JP',
        budgetPerYear: [1, 2, 3].map(() => PARTY[a]?.budget ?? 1),
      })),
    },
    c.applicant,
  );
  if (submit)
    await engine.send({ subjectType: 'proposal', instanceId: p.id, body: { type: 'SUBMIT' }, actor: c.applicant });
  return p.id;
}

/** Both agencies rule it eligible: under review. */
async function toReview(engine: WorkflowEngine, c: Cast, id: string) {
  const send = (type: string, actor: Actor, body: Record<string, unknown> = {}) =>
    engine.send({ subjectType: 'proposal', instanceId: id, body: { type, ...body }, actor });
  await send('START_ELIGIBILITY_CHECK', c.po[c.lead]);
  for (const a of [c.lead, c.cp]) await send('RULE_ELIGIBILITY', c.po[a], { eligible: true });
}

const REVIEW = (score: number) => ({
  type: 'SUBMIT_REVIEW',
  scores: { excellence: score, collaboration: score, feasibility: score },
  recommendation: score >= 4 ? 'fund' : 'fund_with_changes',
  commentsToApplicants: 'A sound joint plan with a clear division of work (demo review).',
});

/** Reviewers 0 and 1 of each agency invited, accepted and submitted; both agencies consolidate: the joint panel. */
async function reviewed(engine: WorkflowEngine, services: DemoServices, c: Cast, id: string, score: number) {
  for (const a of [c.lead, c.cp]) {
    for (const r of [0, 1]) {
      const asg = await services.assignments.create({ proposalId: id, reviewerId: c.reviewerIds[a][r] }, c.po[a]);
      const actor = c.reviewer[a][r];
      await engine.send({
        subjectType: 'assignment',
        instanceId: asg.id,
        body: { type: 'ACCEPT', declaresNoConflict: true },
        actor,
      });
      await engine.send({ subjectType: 'assignment', instanceId: asg.id, body: REVIEW(score), actor });
    }
    await engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'COMPLETE_AGENCY_REVIEW', score, recommendation: 'fund', summary: `${a} supports it (demo).` },
      actor: c.po[a],
    });
  }
}

async function reviewStages(
  engine: WorkflowEngine,
  services: DemoServices,
  c: Cast,
  callId: string,
  close: (callId: string) => Promise<void>,
) {
  const ids: Record<string, string> = {};
  for (const [stage, title] of STAGES)
    ids[stage] = await draft(services, c, callId, title, stage !== 'drafting', engine);
  const call = (type: string, actor: Actor, body: Record<string, unknown> = {}) =>
    engine.send({ subjectType: 'call', instanceId: callId, body: { type, ...body }, actor });
  await close(callId);
  await call('START_REVIEW', c.po[c.lead]);
  await engine.send({
    subjectType: 'proposal',
    instanceId: ids.eligibility,
    body: { type: 'START_ELIGIBILITY_CHECK' },
    actor: c.po[c.lead],
  });
  await engine.send({
    subjectType: 'proposal',
    instanceId: ids.eligibility,
    body: { type: 'RULE_ELIGIBILITY', eligible: true },
    actor: c.po[c.lead],
  });
  for (const stage of ['review', 'review2', 'panel', 'selection', 'selection2']) await toReview(engine, c, ids[stage]);

  // Under review: every state an assignment can be in.
  const invite = (a: string, r: number, id: string, dueAt?: string) =>
    services.assignments.create(
      { proposalId: id, reviewerId: c.reviewerIds[a][r], ...(dueAt ? { dueAt } : {}) },
      c.po[a],
    );
  const asg = (id: string, type: string, actor: Actor, body: Record<string, unknown> = {}) =>
    engine.send({ subjectType: 'assignment', instanceId: id, body: { type, ...body }, actor });
  const lead0 = await invite(c.lead, 0, ids.review);
  await asg(lead0.id, 'ACCEPT', c.reviewer[c.lead][0], { declaresNoConflict: true });
  await asg(lead0.id, 'SUBMIT_REVIEW', c.reviewer[c.lead][0], REVIEW(4));
  const lead1 = await invite(c.lead, 1, ids.review);
  await asg(lead1.id, 'ACCEPT', c.reviewer[c.lead][1], { declaresNoConflict: true });
  await invite(c.cp, 0, ids.review); // invited, not answered yet
  const cp1 = await invite(c.cp, 1, ids.review);
  await asg(cp1.id, 'DECLINE', c.reviewer[c.cp][1], { reason: 'Travelling for the whole review period (demo).' });
  // Overdue: due in two seconds, accepted, then the due date passes and the system marks it.
  const lateDue = Date.now() + 2_000;
  const late = await invite(c.lead, 2, ids.review2, new Date(lateDue).toISOString());
  await asg(late.id, 'ACCEPT', c.reviewer[c.lead][2], { declaresNoConflict: true });
  await invite(c.cp, 2, ids.review2);

  for (const [i, stage] of (['panel', 'selection', 'selection2'] as const).entries())
    await reviewed(engine, services, c, ids[stage], 5 - i);
  await call('START_PANEL', c.po[c.lead]);
  for (const [i, stage] of (['selection', 'selection2'] as const).entries()) {
    await engine.send({
      subjectType: 'proposal',
      instanceId: ids[stage],
      body: { type: 'RECORD_PANEL_RESULT', recommendation: 'fund', score: 4.5 - i * 0.5, minutes: 'Agreed (demo).' },
      actor: c.panel,
    });
    for (const a of [c.lead, c.cp])
      await engine.send({
        subjectType: 'proposal',
        instanceId: ids[stage],
        body: { type: 'SIGN_OFF_PANEL' },
        actor: c.pd[a],
      });
  }
  const wait = lateDue - Date.now() + 50;
  if (wait > 0) await sleep(wait);
  // As the durable timer would (`review-overdue`), should no worker fire it first.
  try {
    await engine.send({
      subjectType: 'assignment',
      instanceId: late.id,
      body: { type: 'MARK_OVERDUE' },
      actor: SYSTEM_ACTOR,
    });
  } catch (e) {
    if (!(e instanceof DomainException && e.code === ErrorCode.EventNotAllowed)) throw e;
  }
}

async function boardStages(
  engine: WorkflowEngine,
  services: DemoServices,
  c: Cast,
  callId: string,
  close: (callId: string) => Promise<void>,
) {
  const titles = ['Heat-resilient cities from street-level sensing', 'Drought early warning for rice farming'];
  const ids: string[] = [];
  for (const title of titles) ids.push(await draft(services, c, callId, title, true, engine));
  const call = (type: string, actor: Actor, body: Record<string, unknown> = {}) =>
    engine.send({ subjectType: 'call', instanceId: callId, body: { type, ...body }, actor });
  await close(callId);
  await call('START_REVIEW', c.po[c.lead]);
  for (const [i, id] of ids.entries()) {
    await toReview(engine, c, id);
    await reviewed(engine, services, c, id, 5 - i);
  }
  await call('START_PANEL', c.po[c.lead]);
  for (const [i, id] of ids.entries()) {
    await engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'RECORD_PANEL_RESULT', recommendation: 'fund', score: 4.5 - i * 0.5, minutes: 'Agreed (demo).' },
      actor: c.panel,
    });
    for (const a of [c.lead, c.cp])
      await engine.send({ subjectType: 'proposal', instanceId: id, body: { type: 'SIGN_OFF_PANEL' }, actor: c.pd[a] });
  }
  await call('START_SELECTION', c.po[c.lead]);
  for (const a of [c.lead, c.cp])
    await call('CONFIRM_SELECTION', c.pd[a], {
      decisions: ids.map((proposalId) => ({ proposalId, decision: 'select' })),
    });
  await call('SUBMIT_TO_BOARD', c.pd[c.lead]);
  // The steering committee deliberates and concludes: the list is before the board meeting.
  for (const a of [c.lead, c.cp])
    await call('RECORD_OPINION', c.steering[a], {
      recommendation: 'approve',
      opinion: `${a}: a balanced list within both envelopes (demo).`,
    });
  await call('CONCLUDE_DELIBERATION', c.steering[c.lead], {
    recommendation: 'approve',
    note: 'The committee recommends the list as it stands (demo).',
  });
}
