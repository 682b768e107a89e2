import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  programByCode,
  PROGRAMS,
  WORKFLOWS,
  workflowKey,
  type EventRule,
  type ProgramDefinition,
  type Role,
  type WorkflowDefinition,
} from '../../workflows/index.js';
import { DomainException, ErrorCode } from '../common/domain.exception.js';
import { type Actor, SYSTEM_ACTOR } from '../engine/actor.js';
import { isStateTagged, statesTagged } from '../engine/state-tags.js';
import type { WorkflowEngine } from '../engine/workflow-engine.service.js';
import { ensureAgency } from '../modules/agencies/agencies.repository.js';
import type { CallsService } from '../modules/calls/calls.service.js';
import { approveDemoParticipation } from '../modules/demo/demo-participation.js';
import { agenciesFor } from '../modules/demo/seed-demo.js';
import { syncProgramCatalog } from '../modules/programs/program-catalog.js';
import type { PartiesService } from '../modules/proposals/parties.service.js';
import type { ProposalsService } from '../modules/proposals/proposals.service.js';
import { AgencyRankingsRepository } from '../modules/panels/agency-rankings.repository.js';
import type { AssignmentsService } from '../modules/reviews/assignments.service.js';
import type { ReviewersService } from '../modules/reviews/reviewers.service.js';
import type { SelectionQueries } from '../modules/selection/selection-queries.service.js';
import type { UsersService } from '../modules/users/users.service.js';
import { buildReport, type SimulationReport } from './report.js';
import { rng, type Rng } from './rng.js';
import { SimulationRepository } from './simulation.repository.js';

/**
 * The call simulator: a whole synthetic call of a catalog program taken end to end through the
 * service's own engine and use cases (nothing of workflow state is written by hand). Applicants
 * submit, agencies rule on eligibility, reviewers of each agency's pool are invited, accept, decline,
 * declare conflicts or are refused for a detected one, review; agencies consolidate, the panel
 * scores, agencies select within their envelopes, the steering committee and the board decide, the
 * results are announced.
 *
 * It is driven generically: in each state the driver offers the events the state handles, in the
 * order of the playbook below, to the people who may send them, and sends the first one the engine
 * allows that person (`allowedEvents`, i.e. the guards with their reasons). A new workflow version
 * with the same events runs unchanged; an event the playbook does not know is never sent.
 *
 * Time is simulated: every step gets a date (days after the call opens) drawn from the seeded
 * model below, recorded beside the engine's own (wall-clock) timestamps. Same seed, same report.
 */

export interface WhatIf {
  /**
   * `envelope.<AGENCY>`: the agency's envelope over the whole call, in its currency;
   * `threshold.minScore`: the lowest joint panel score funded (proposals below it are left out);
   * `threshold.fundingLine`: the ranked positions that may be funded at most (those below the line are left out).
   */
  key: string;
  value: number;
}

export interface SimulationOptions {
  program: string;
  proposals: number;
  reviewers: number;
  seed: number;
  whatIf?: WhatIf[];
  /** Proposals driven at once (the database does the rest); does not change the outcome. */
  concurrency?: number;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  phase: string;
  done: number;
  total: number;
  transitions: number;
}

/** What the simulator uses of the service: the same objects the API's controllers call. */
export interface SimulationServices {
  dataSource: DataSource;
  engine: WorkflowEngine;
  users: UsersService;
  calls: CallsService;
  proposals: ProposalsService;
  reviewers: ReviewersService;
  assignments: AssignmentsService;
  selection: SelectionQueries;
  parties: PartiesService;
}

type Body = { type: string } & Record<string, unknown>;
type Subject = 'call' | 'proposal' | 'assignment';

const BY_KEY = new Map(WORKFLOWS.map((d) => [workflowKey(d), d]));
const STAFF: Role[] = [
  'program_officer',
  'program_director',
  'agency_officer',
  'panel_member',
  'steering_committee_member',
  'board_member',
];

/** A person of the simulated call: who they are for the engine. */
interface Person {
  actor: Actor;
  agency: string | null;
}

interface SimProposal {
  index: number;
  id: string;
  applicant: Person;
  agencies: string[];
  /** What each party asks of its agency over the whole duration. */
  requests: Record<string, number>;
  quality: number;
  rnd: Rng;
  state: string;
  final: boolean;
  /** Simulated day of its latest step. */
  t: number;
  /** Agencies whose reviews are done (the driver invited, reviewers answered). */
  reviewedBy: Set<string>;
  reviewScores: Record<string, number[]>;
  /** The call's state in which it last could not move (not asked again until it or the call moves). */
  stuckIn?: string;
  /** The joint panel's score, once recorded. */
  panelScore?: number;
  total: number;
  seed: number;
  /** Events sent in its current state, per agency (cleared when the state changes). */
  done: Set<string>;
}

interface SimReviewer {
  id: string;
  index: number;
  agency: string;
  actor: Actor;
  institution: string;
  /** Median days to answer an invitation and to write a review; chance of declining. */
  answerDays: number;
  reviewDays: number;
  declines: number;
}

interface Recorded {
  t: number;
  subject: Subject;
  index: number;
  from: string;
  to: string;
  event: string;
}

// ---------------------------------------------------------------------------------------------
// The playbook: which events move a call or a proposal forward, in order of preference, who sends
// them and with what. Events left out (cancel, withdraw by staff, reopen, send back, manual moves,
// reminders) are never sent: the simulated call runs the main road, with the detours below.
// ---------------------------------------------------------------------------------------------

interface Play {
  /** Days the step takes after the subject's previous one. */
  delay: (r: Rng, ctx: { sim: Simulation }) => number;
  /** The body for this sender, or null to hold the event back for now. */
  body: (ctx: PlayContext) => Record<string, unknown> | null;
  /** The system sends it (timers), not a person. */
  system?: boolean;
  /** What to send instead when the engine refuses the body for its payload (a guard's reasons). */
  fallback?: (body: Record<string, unknown>) => Record<string, unknown> | null;
  /** A call event that sends it to the call's proposals: where the call has it, the driver leaves this to the call. */
  viaCall?: string;
  /** Sent once in a state by whoever may (the joint panel records one result), not once per agency. */
  once?: boolean;
}

interface PlayContext {
  agency: string | null;
  proposal?: SimProposal;
  sim: Simulation;
}

const CALL_PLAYS: [string, Play][] = [
  ['ANNOUNCE', { delay: (r) => r.int(1, 5), body: () => ({}) }],
  ['OPEN', { delay: (r) => r.int(5, 15), body: () => ({}) }],
  ['CLOSE', { delay: () => 60, body: () => ({}) }],
  ['OPEN_FULL_PROPOSALS', { delay: (r) => r.int(3, 10), body: () => ({}) }],
  ['CLOSE_FULL_PROPOSALS', { delay: () => 45, body: () => ({}) }],
  ['START_REVIEW', { delay: (r) => r.int(1, 4), body: () => ({}) }],
  ['START_PANEL', { delay: (r) => r.int(3, 10), body: () => ({}) }],
  [
    'SUBMIT_AGENCY_RANKING',
    {
      delay: (r) => r.int(2, 7),
      body: ({ agency, sim }) => {
        const order = sim.agencyOrders[agency!];
        return order?.length ? { agency, order } : null;
      },
    },
  ],
  [
    'COMPILE_JOINT_RANKING',
    {
      delay: (r) => r.int(1, 3),
      body: ({ sim }) => ({ tieOrder: sim.tieOrder(), note: 'Compiled at the joint review meeting (simulated).' }),
    },
  ],
  ['START_SELECTION', { delay: (r) => r.int(1, 5), body: () => ({}) }],
  [
    'CONFIRM_SELECTION',
    {
      delay: (r) => r.int(3, 14),
      body: ({ agency, sim }) => {
        const decisions = sim.selectionPlan
          .filter((i) => agency && i.agencies.includes(agency))
          .map((i) => ({ proposalId: i.proposalId, decision: i.decision }));
        return { agency, decisions };
      },
    },
  ],
  ['CONCLUDE_SELECTION', { delay: (r) => r.int(1, 5), body: () => ({}) }],
  ['SUBMIT_TO_BOARD', { delay: (r) => r.int(1, 7), body: () => ({}) }],
  [
    'RECORD_OPINION',
    {
      delay: (r) => r.int(2, 10),
      body: ({ agency }) => ({ recommendation: 'approve', opinion: `${agency}: the list is balanced (simulated).` }),
    },
  ],
  [
    'CONCLUDE_DELIBERATION',
    {
      delay: (r) => r.int(1, 5),
      body: () => ({ recommendation: 'approve', note: 'The committee recommends the list (simulated).' }),
    },
  ],
  [
    'RECORD_BOARD_MEETING',
    {
      delay: (r) => r.int(7, 21),
      body: ({ sim }) => ({ date: new Date().toISOString(), attendees: sim.boardAttendees() }),
    },
  ],
  ['BOARD_APPROVE_SELECTION', { delay: (r) => r.int(0, 2), body: () => ({}) }],
  ['RECORD_FUNDING_DECISIONS', { delay: (r) => r.int(5, 20), body: ({ agency }) => ({ agency }) }],
  ['ANNOUNCE_RESULTS', { delay: (r) => r.int(3, 10), body: () => ({}) }],
  ['ARCHIVE', { delay: (r) => r.int(30, 60), body: () => ({}) }],
];

/** Call events that wait until the proposals have gone as far as they can. */
const WAITS_FOR_PROPOSALS = new Set([
  'CLOSE_FULL_PROPOSALS',
  'SUBMIT_AGENCY_RANKING',
  'COMPILE_JOINT_RANKING',
  'START_PANEL',
  'START_SELECTION',
  'CONFIRM_SELECTION',
  'CONCLUDE_SELECTION',
  'SUBMIT_TO_BOARD',
  'ANNOUNCE_RESULTS',
  'ARCHIVE',
]);

const panelScore = (p: SimProposal) => {
  const all = Object.values(p.reviewScores).flat();
  const mean = all.length ? all.reduce((a, b) => a + b, 0) / all.length : p.quality;
  return untied(mean, p);
};

/**
 * A score to one decimal plus a sliver unique to the proposal (below 0.05), so that no two proposals
 * tie in the ranking: a tie would be broken by their ids, which differ from run to run.
 */
const untied = (score: number, p: SimProposal) =>
  Math.round((Math.min(4.9, Math.round(score * 10) / 10) + (p.index + 1) / (20 * (p.total + 1))) * 10000) / 10000;

const PROPOSAL_PLAYS: [string, Play][] = [
  ['SUBMIT', { delay: () => 0, body: () => ({}) }],
  ['SUBMIT_FULL_PROPOSAL', { delay: (r) => r.days(20, 0.4, 2), body: () => ({}) }],
  [
    'INVITE_FULL_PROPOSAL',
    { delay: (r) => r.days(10, 0.3, 1), body: ({ proposal }) => (proposal!.quality >= 2.2 ? {} : null) },
  ],
  [
    'DECLINE_PRE_PROPOSAL',
    {
      delay: (r) => r.days(10, 0.3, 1),
      body: ({ proposal }) => (proposal!.quality < 2.2 ? { reason: 'Outside the call’s scope (simulated).' } : null),
    },
  ],
  ['START_ELIGIBILITY_CHECK', { delay: (r) => r.days(3, 0.5, 0.5), body: () => ({}) }],
  [
    'RULE_COMMON_ELIGIBILITY',
    { delay: (r) => r.days(4, 0.5, 0.5), body: ({ proposal }) => eligibility(proposal!, 'common') },
  ],
  ['RULE_NATIONAL_ELIGIBILITY', { delay: (r) => r.days(4, 0.5, 0.5), body: ({ agency }) => ({ agency, unmet: [] }) }],
  [
    'RULE_ELIGIBILITY',
    {
      delay: (r) => r.days(4, 0.5, 0.5),
      body: ({ proposal, agency }) => ({ agency, ...eligibility(proposal!, agency!) }),
    },
  ],
  [
    'COMPLETE_AGENCY_REVIEW',
    {
      delay: (r) => r.days(4, 0.5, 1),
      body: ({ proposal, agency }) => {
        const p = proposal!;
        if (!p.reviewedBy.has(agency!)) return null;
        const scores = p.reviewScores[agency!] ?? [];
        const score = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : p.quality;
        return {
          agency,
          score: untied(score, p),
          recommendation: score >= 3 ? 'fund' : 'do_not_fund',
          summary: `${agency}: consolidated from ${scores.length} review(s) (simulated).`,
        };
      },
    },
  ],
  [
    'COMPLETE_PEER_REVIEW',
    {
      delay: (r) => r.days(4, 0.5, 1),
      body: ({ proposal }) =>
        proposal!.agencies.every((a) => proposal!.reviewedBy.has(a))
          ? { summary: 'Peer review done (simulated).' }
          : null,
    },
  ],
  [
    'RECORD_PANEL_RESULT',
    {
      once: true,
      delay: (r) => r.days(2, 0.5, 0),
      body: ({ proposal }) => {
        const score = panelScore(proposal!);
        proposal!.panelScore = score;
        return {
          recommendation: score >= 3.4 ? 'fund' : 'do_not_fund',
          score,
          minutes: 'Discussed at the joint panel (simulated).',
        };
      },
    },
  ],
  ['SIGN_OFF_PANEL', { delay: (r) => r.days(2, 0.5, 0), body: ({ agency }) => ({ agency }) }],
  [
    'RECORD_SELECTION',
    {
      viaCall: 'CONFIRM_SELECTION',
      // Decided one by one (J-RAPID): when the envelope no longer covers it, waitlisted.
      fallback: (body) => (body.decision === 'select' ? { ...body, decision: 'waitlist' } : null),
      delay: (r) => r.days(5, 0.5, 1),
      body: ({ proposal, agency, sim }) => {
        const planned = sim.selectionPlan.find((i) => i.proposalId === proposal!.id);
        return planned ? { agency, decision: planned.decision } : null;
      },
    },
  ],
  [
    'APPROVE_FUNDING',
    {
      viaCall: 'RECORD_FUNDING_DECISIONS',
      delay: (r) => r.days(7, 0.4, 1),
      body: ({ proposal, agency }) => (proposal!.rnd.chance(0.97) ? { agency } : null),
    },
  ],
  [
    'DECLINE_FUNDING',
    {
      viaCall: 'RECORD_FUNDING_DECISIONS',
      delay: (r) => r.days(7, 0.4, 1),
      body: ({ agency }) => ({ agency, reason: 'No budget line for this field this year (simulated).' }),
    },
  ],
  [
    'BOARD_APPROVE',
    {
      viaCall: 'BOARD_APPROVE_SELECTION',
      delay: (r) => r.days(14, 0.3, 1),
      body: ({ proposal }) => (proposal!.quality > 1.5 ? {} : null),
    },
  ],
  [
    'BOARD_REJECT',
    {
      viaCall: 'BOARD_APPROVE_SELECTION',
      delay: (r) => r.days(14, 0.3, 1),
      body: () => ({ reason: 'Not approved by the board (simulated).' }),
    },
  ],
  ['APPROVE_REQUEST', { delay: (r) => r.days(10, 0.4, 1), body: () => ({}) }],
  ['ANNOUNCE_RESULT', { viaCall: 'ANNOUNCE_RESULTS', delay: (r) => r.days(2, 0.5, 0), body: () => ({}) }],
  ['CLOSE_REDRESS_WINDOW', { delay: () => 0, body: () => ({}), system: true }],
  // A project with a second period (CHIRP): the interim evaluation at the end of its first period,
  // each agency's decision on extending its side, and the end of the second period (a timer).
  [
    'START_INTERIM_EVALUATION',
    {
      delay: (_r, { sim }) => 30.4 * (sim.program.periods?.firstMonths ?? 12),
      body: () => ({}),
    },
  ],
  [
    'SUBMIT_INTERIM_REPORT',
    {
      delay: (r) => r.days(30, 0.3, 7),
      body: ({ sim }) => ({
        report: 'The interim report of the project (simulated).',
        ...(sim.program.periods && { extensionMonths: extensionMonths(sim.program) }),
      }),
    },
  ],
  [
    'DECIDE_EXTENSION',
    {
      delay: (r) => r.days(20, 0.4, 3),
      body: ({ proposal, agency, sim }) => {
        const p = proposal!;
        // Most agencies extend a project the panel rated well; a few decline for their budget.
        const extend = p.quality >= 2.5 && rng(p.seed, 'extension', p.index, agency!).chance(0.85);
        if (!extend) return { agency, extend, reason: 'No budget for a second period (simulated).' };
        const years = Math.ceil(extensionMonths(sim.program) / 12);
        const perYear = Math.round(p.requests[agency!] / Math.max(1, Math.round(sim.program.durationMonths.max / 12)));
        return { agency, extend, budgetPerYear: Array(years).fill(perYear) as number[] };
      },
    },
  ],
  [
    'END_SECOND_PERIOD',
    { delay: (_r, { sim }) => 30.4 * extensionMonths(sim.program), body: () => ({}), system: true },
  ],
];

/** The second period a project asks for: what is left of the program's horizon, within its bounds. */
const extensionMonths = (program: ProgramDefinition) => {
  const o = program.periods;
  if (!o) return 0;
  return Math.min(o.extensionMonths.max, Math.max(o.extensionMonths.min, o.totalMaxMonths - o.firstMonths));
};

/** Most proposals are eligible; a few are not, by one agency's rules. */
function eligibility(p: SimProposal, agency: string) {
  const ineligible = rng(p.seed, 'eligibility', p.index, agency).chance(0.03);
  return ineligible
    ? { eligible: false, reasons: ['A party does not meet the national rules (simulated).'] }
    : { eligible: true };
}

// ---------------------------------------------------------------------------------------------

/** Whether the state is a final state of the definition (the instance is done). */
export function isFinal(definition: WorkflowDefinition, state: string): boolean {
  type Node = { type: string; states: Record<string, Node> };
  let node: Node | undefined = (definition.machine as unknown as { root: Node }).root;
  for (const key of state.split('.')) node = node?.states?.[key];
  return node?.type === 'final';
}

const DAY = 86_400_000;
const ahead = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const round1 = (n: number) => Math.round(n * 10) / 10;

const INSTITUTION_NAMES = ['University', 'Institute of Technology', 'National Laboratory', 'Medical University'];
const institutionsOf = (country: string) =>
  Array.from({ length: 12 }, (_, i) => `${country} ${INSTITUTION_NAMES[i % 4]} ${Math.floor(i / 4) + 1}`);

/** Outside experts an agency recruits for one proposal at most, before the run stops and says so. */
const MAX_RECRUITS = 40;

const EXPERTISE = ['hydrology', 'seismology', 'public health', 'materials', 'ecology', 'energy systems', 'AI'];

export class Simulation {
  readonly program: ProgramDefinition;
  readonly run = randomUUID().slice(0, 8);
  readonly master: Rng;
  agencies: { code: string; country: string; currency: string; cap: number }[] = [];
  staff: Record<string, Partial<Record<Role, Person>>> = {};
  lead!: string;
  callId!: string;
  callDefinition!: WorkflowDefinition;
  proposalDefinition!: WorkflowDefinition;
  callState = '';
  callT = 0;
  /** The country the call's disaster struck (J-RAPID), or null. */
  affectedCountry: string | null = null;
  proposals: SimProposal[] = [];
  reviewers: Record<string, SimReviewer[]> = {};
  envelopes: Record<string, number> = {};
  /** The proposed selection the agencies confirm: each in-selection proposal, the agencies it goes to. */
  selectionPlan: { proposalId: string; decision: 'select' | 'waitlist'; agencies: string[] }[] = [];
  whatIfResults: unknown[] = [];
  /** Each agency's ordered ranking of the proposals it assessed (its consolidated scores), where the call asks for one. */
  agencyOrders: Record<string, string[]> = {};
  private planned?: Map<string, 'select' | 'waitlist'>;
  log: Recorded[] = [];
  transitions = 0;
  stats = {
    invited: 0,
    accepted: 0,
    declined: 0,
    declaredConflicts: 0,
    refusedForConflict: 0,
    submitted: 0,
    late: 0,
    /** Outside experts the officers added to a pool that had no one left for a proposal. */
    recruited: 0,
  };
  wall: Record<string, number> = {};
  private readonly minReviewers = 2;

  constructor(
    private readonly s: SimulationServices,
    readonly options: SimulationOptions,
  ) {
    const program = programByCode(options.program);
    if (!program)
      throw new Error(`unknown program ${options.program}: one of ${PROGRAMS.map((p) => p.code).join(', ')}`);
    this.program = program;
    this.master = rng(options.seed, 'master');
  }

  private progress(phase: string, done: number, total: number) {
    this.options.onProgress?.({ phase, done, total, transitions: this.transitions });
  }

  private async timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.wall[phase] = round1((this.wall[phase] ?? 0) + (performance.now() - started) / 1000);
    }
  }

  // ------------------------------------------------------------------ people and the call

  private async person(role: Role, agency: string | null, label: string): Promise<Person> {
    const email = `sim-${this.run}-${label}@${(agency ?? 'tandem').toLowerCase()}.sim.example`;
    const user = await this.s.users.createUser(email, `Simulated ${label}`);
    await this.s.users.grant(email, role, agency);
    return { actor: { userId: user.id, grants: [{ role, agency }] }, agency };
  }

  async setUp(): Promise<void> {
    const { dataSource } = this.s;
    const agencies = agenciesFor(this.program);
    for (const a of agencies) await ensureAgency(dataSource, a);
    await syncProgramCatalog(dataSource);
    const jst = this.program.jstBudgetPerYear;
    this.agencies = agencies.map((a) => ({
      code: a.code,
      country: a.country,
      currency: a.currency,
      cap: a.code === 'JST' ? Math.min(Math.max(a.cap, jst.min ?? 0), jst.max ?? a.cap) : a.cap,
    }));
    this.lead = this.agencies[0].code;
    for (const a of this.agencies) {
      this.staff[a.code] = {};
      for (const role of STAFF) this.staff[a.code][role] = await this.person(role, a.code, `${role}-${a.code}`);
    }
    // Reviewer pools: the reviewers spread over the agencies, each with a temper of their own.
    for (let i = 0; i < this.options.reviewers; i++) {
      const agency = this.agencies[i % this.agencies.length].code;
      (this.reviewers[agency] ??= []).push(await this.addReviewer(agency, i, `reviewer-${i}`));
    }
    await this.createCall();
  }

  /** A reviewer in the agency's pool, added by its program officer, with a temper of their own. */
  private async addReviewer(agency: string, index: number, label: string): Promise<SimReviewer> {
    const r = rng(this.options.seed, 'reviewer', index);
    const { country } = this.agencies.find((a) => a.code === agency)!;
    const person = await this.person('reviewer', agency, label);
    const institution = r.pick(institutionsOf(country));
    const added = await this.s.reviewers.add(
      agency,
      {
        email: `sim-${this.run}-${label}@${agency.toLowerCase()}.sim.example`,
        name: `Simulated ${label.replace(/-/g, ' ')}`,
        institution,
        expertise: [r.pick(EXPERTISE)],
      },
      this.staff[agency].program_officer!.actor,
    );
    return {
      id: (added as { id: string }).id,
      index,
      agency,
      actor: person.actor,
      institution,
      answerDays: r.pick([1, 2, 3, 5, 8]),
      reviewDays: r.pick([7, 10, 14, 21, 30]),
      declines: r.pick([0.05, 0.1, 0.2, 0.35]),
    };
  }

  private async createCall() {
    const leadPo = this.staff[this.lead].program_officer!.actor;
    const years = Math.max(1, Math.round(this.program.durationMonths.max / 12));
    const call = await this.s.calls.create(
      {
        program: this.program.code,
        title: `Simulated ${this.program.name} call (seed ${this.options.seed}, run ${this.run})`,
        description: `A synthetic call of ${this.options.proposals} proposals made by the call simulator.`,
        agencies: this.agencies.map((a, i) => ({
          code: a.code,
          role: i === 0 ? ('lead' as const) : ('counterpart' as const),
          currency: a.currency,
        })),
        opensAt: ahead(-1),
        submissionDeadline: ahead(60),
        reviewDue: ahead(120),
        panelDate: ahead(150),
        boardDate: ahead(180),
        // A call answering a disaster (J-RAPID): one that struck the counterpart's country days ago.
        ...(this.program.disaster && {
          disaster: {
            what: 'Earthquake and tsunami (simulated)',
            occurredOn: ahead(-10).slice(0, 10),
            where: 'Coastal region (simulated)',
          },
          affectedCountry: this.agencies[1].country,
        }),
      },
      leadPo,
    );
    this.affectedCountry = this.program.disaster ? this.agencies[1].country : null;
    this.callId = call.id;
    const view = await this.s.engine.read('call', call.id, leadPo);
    this.callDefinition = BY_KEY.get(view.workflow)!;
    this.callState = view.state;
    // Envelopes fund about one proposal in five: an agency's expected yearly requests times that.
    const share = (a: string) => (this.program.proposals.routing === 'parties' && a !== this.lead ? 0.8 : 1);
    for (const a of this.agencies) {
      const perYear = Math.max(
        a.cap,
        Math.floor(a.cap * 0.7 * Math.max(1, Math.round(this.options.proposals * 0.2)) * share(a.code)),
      );
      this.envelopes[a.code] = perYear * 5;
      await approveDemoParticipation(
        this.s.engine,
        call.id,
        a.code,
        {
          po: this.staff[a.code].program_officer!.actor,
          pdUserId: this.staff[a.code].program_director!.actor.userId,
        },
        { perYear, cap: a.cap, currency: a.currency },
      );
      this.transitions++;
    }
    await this.s.engine.send({
      subjectType: 'call',
      instanceId: call.id,
      body: {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: this.minReviewers,
        reviewDue: ahead(120),
        redressDays: 0,
      },
      actor: leadPo,
    });
    this.transitions++;
    void years;
  }

  /** The meeting's order for proposals the merge rule leaves tied: by the joint panel's score. */
  tieOrder(): string[] {
    return this.proposals
      .filter((p) => p.panelScore !== undefined)
      .sort((a, b) => b.panelScore! - a.panelScore! || a.index - b.index)
      .map((p) => p.id);
  }

  /** Where the call takes the agencies' ordered rankings: what each has to rank, in its score order. */
  private async prepareRankings() {
    if (!this.handled(this.callDefinition, this.callState).has('SUBMIT_AGENCY_RANKING')) return;
    const rankings = new AgencyRankingsRepository(this.s.dataSource);
    for (const a of this.agencies)
      this.agencyOrders[a.code] = await rankings.toRank(this.s.dataSource, this.callId, a.code);
  }

  boardAttendees(): string[] {
    return this.agencies.map((a) => `${a.code} board member (simulated)`);
  }

  // ------------------------------------------------------------------ the generic step

  /** The events the state of `definition` handles (its own and its ancestors'), guards aside. */
  private handled(definition: WorkflowDefinition, state: string): Set<string> {
    type Node = { ownEvents: string[]; states: Record<string, Node> };
    let node = (definition.machine as unknown as { root: Node }).root;
    const out = new Set(node.ownEvents);
    for (const key of state.split('.')) {
      node = node.states?.[key];
      if (!node) break;
      for (const e of node.ownEvents) out.add(e);
    }
    return out;
  }

  /** The people who may send `rule`'s event about a subject of these agencies, in the order they are asked. */
  private senders(rule: EventRule, agencies: string[], owner: Person | undefined): Person[] {
    if (rule.scope === 'owner') return owner ? [owner] : [];
    const order = rule.scope === 'lead' ? [this.lead] : [this.lead, ...agencies.filter((a) => a !== this.lead)];
    const out: Person[] = [];
    for (const agency of order)
      for (const role of rule.roles) {
        const p = this.staff[agency]?.[role];
        if (p && !out.includes(p)) out.push(p);
      }
    return out;
  }

  /**
   * One step of a subject: the first playbook event its state handles that the engine allows one of
   * its senders, sent. Returns what happened, or null when nothing can move it now.
   */
  private async step(
    subject: 'call' | 'proposal',
    id: string,
    definition: WorkflowDefinition,
    state: string,
    plays: [string, Play][],
    agencies: string[],
    done: Set<string>,
    proposal?: SimProposal,
    only?: (event: string) => boolean,
  ): Promise<{ event: string; state: string; status: string; delay: number } | null> {
    const handled = this.handled(definition, state);
    const candidates: { event: string; play: Play; rule: EventRule; sender: Person | null; once: string }[] = [];
    for (const [event, play] of plays) {
      const rule = definition.events[event];
      if (!rule || !handled.has(event) || (only && !only(event))) continue;
      if (play.viaCall && play.viaCall in this.callDefinition.events) continue;
      const senders: (Person | null)[] = play.system ? [null] : this.senders(rule, agencies, proposal?.applicant);
      for (const sender of senders) {
        // Each person sends an event once in a state (a panel result recorded again would loop).
        const once = `${event}|${play.once ? 'any' : (sender?.agency ?? 'system')}`;
        if (!done.has(once)) candidates.push({ event, play, rule, sender, once });
      }
    }
    if (!candidates.length) return null;
    // What a candidate sender may send now, asked when the candidate's turn comes (once per person):
    // the first one usually may, and the people after it are not asked at all.
    const allowed = new Map<Person, Set<string>>();
    const mayAllow = async (sender: Person) => {
      let events = allowed.get(sender);
      if (!events) {
        const [answer] = await this.s.engine.reader.allowedEventsOfEach(subject, id, [sender.actor]);
        events = new Set(answer ?? []);
        allowed.set(sender, events);
      }
      return events;
    };
    for (const { event, play, rule, sender, once } of candidates) {
      if (sender && !(await mayAllow(sender)).has(event)) continue;
      let body = play.body({ agency: sender?.agency ?? null, proposal, sim: this });
      if (body === null) continue;
      if (rule.scope !== 'event-agency') delete body.agency;
      const sent = async () => {
        const result = await this.send(subject, id, { type: event, ...body! }, sender?.actor ?? SYSTEM_ACTOR);
        if (result.state === state) done.add(once);
        else done.clear();
        return { event, ...result, delay: play.delay(proposal?.rnd ?? this.master, { sim: this }) };
      };
      try {
        return await sent();
      } catch (e) {
        // A system event whose guard does not hold yet, like a timer firing early.
        if (play.system && e instanceof DomainException) continue;
        const refused = e instanceof DomainException && e.code === ErrorCode.RuleViolated;
        const instead = refused ? play.fallback?.(body) : null;
        // Refused by the program's rules with its reasons (J-RAPID's envelope left for a year): the
        // next play is offered instead (the agency declines the funding), as an officer would.
        if (!instead && refused) continue;
        if (!instead) throw e;
        body = instead;
        return await sent();
      }
    }
    return null;
  }

  /**
   * Sends an event through the engine's pipeline in a transaction of its own, as `engine.send` does,
   * without building the sender's view afterwards (the simulator needs only the new state).
   */
  private async send(
    subject: Subject,
    id: string,
    body: Body,
    actor: Actor,
  ): Promise<{ state: string; status: 'done' | 'active' }> {
    const t = await this.s.engine.transaction((q) =>
      this.s.engine.sendWithin(q, { subjectType: subject, instanceId: id, body, actor }),
    );
    this.transitions++;
    const definition =
      subject === 'call' ? this.callDefinition : subject === 'proposal' ? this.proposalDefinition : undefined;
    return { state: t.state, status: definition && isFinal(definition, t.state) ? 'done' : 'active' };
  }

  private record(subject: Subject, index: number, t: number, from: string, to: string, event: string) {
    if (from !== to) this.log.push({ t: round1(t), subject, index, from, to, event });
  }

  // ------------------------------------------------------------------ proposals

  private async createProposals(open: number) {
    const total = this.options.proposals;
    const years = Math.max(1, Math.round(this.program.durationMonths.max / 12));
    const minParties = Math.max(this.program.proposals.minParties ?? this.agencies.length, 2);
    const work = Array.from({ length: total }, (_, index) => index);
    await this.pool(work, async (index) => {
      const r = rng(this.options.seed, 'proposal', index);
      const others = this.agencies.slice(1).map((a) => a.code);
      let chosen = this.agencies.map((a) => a.code);
      if (this.program.proposals.routing === 'parties' && this.agencies.length > minParties) {
        const n = r.int(minParties, this.agencies.length);
        chosen =
          this.program.proposals.leadParty === false
            ? r.shuffle(chosen).slice(0, n)
            : [this.lead, ...r.shuffle(others).slice(0, n - 1)];
        chosen.sort(
          (a, b) => this.agencies.findIndex((x) => x.code === a) - this.agencies.findIndex((x) => x.code === b),
        );
      }
      const first = chosen[0];
      const applicant = await this.person('applicant', first, `applicant-${index}`);
      const quality = round1(1 + 4 * (0.5 * r.next() + 0.5 * r.next()));
      const parties = chosen.map((code) => {
        const a = this.agencies.find((x) => x.code === code)!;
        const jstMin = code === 'JST' ? (this.program.jstBudgetPerYear.min ?? 0) : 0;
        const perYear = Math.max(jstMin, Math.floor(a.cap * (0.4 + 0.6 * r.next())));
        return {
          agency: code,
          piName: `PI ${index} of ${code}`,
          institution: r.pick(institutionsOf(a.country)),
          country: a.country,
          budgetPerYear: Array(years).fill(perYear) as number[],
        };
      });
      const created = await this.s.proposals.create(
        {
          callId: this.callId,
          title: `Simulated joint project ${index + 1}`,
          abstract: `A synthetic joint proposal of ${chosen.join(', ')} researchers (call simulator).`,
          durationMonths: years * 12,
          keywords: [r.pick(EXPERTISE)],
          parties,
        },
        applicant.actor,
      );
      this.transitions++;
      // A call answering a disaster: the team has the researchers based in the struck country it requires.
      const local = parties.find((x) => x.country === this.affectedCountry);
      for (let k = 0; local && k < (this.program.disaster?.localResearchers.min ?? 0); k++)
        await this.s.parties.invite(
          created.id,
          {
            agency: local.agency,
            role: 'member',
            name: `Local researcher ${k + 1} of proposal ${index + 1}`,
            email: `sim-${this.run}-local-${index}-${k}@${local.agency.toLowerCase()}.sim.example`,
            institution: local.institution,
            local: true,
          },
          applicant.actor,
        );
      const p: SimProposal = {
        index,
        id: created.id,
        applicant,
        agencies: chosen,
        requests: Object.fromEntries(parties.map((x) => [x.agency, x.budgetPerYear.reduce((s, v) => s + v, 0)])),
        quality,
        rnd: r,
        state: (created as { state?: string }).state ?? 'draft',
        final: false,
        // Submissions pile up towards the deadline.
        t: open + round1(60 * Math.sqrt(r.next())),
        reviewedBy: new Set(),
        reviewScores: {},
        total,
        seed: this.options.seed,
        done: new Set(),
      };
      this.proposals[index] = p;
      this.record('proposal', index, p.t, 'none', p.state, 'CREATED');
      this.progress('submissions', this.proposals.filter(Boolean).length, total);
    });
    if (!this.proposalDefinition) {
      const view = await this.s.engine.read('proposal', this.proposals[0].id, this.proposals[0].applicant.actor);
      this.proposalDefinition = BY_KEY.get(view.workflow)!;
    }
    // Two in a hundred are withdrawn by their applicants before the deadline.
    await this.pool(this.proposals, async (p) => {
      await this.settle(p);
      if (p.rnd.chance(0.02) && this.proposalDefinition.events.WITHDRAW && !p.final) {
        const before = p.state;
        const res = await this.send(
          'proposal',
          p.id,
          { type: 'WITHDRAW', reason: 'The team could not go on (simulated).' },
          p.applicant.actor,
        );
        p.t += 3;
        p.state = res.state;
        p.final = res.status === 'done';
        this.record('proposal', p.index, p.t, before, p.state, 'WITHDRAW');
      }
    });
  }

  /** Runs `work` over the items, `concurrency` at a time. */
  private async pool<T>(items: readonly T[], work: (item: T) => Promise<void>) {
    let next = 0;
    const lanes = Array.from({ length: Math.max(1, this.options.concurrency ?? 4) }, async () => {
      while (next < items.length) await work(items[next++]);
    });
    await Promise.all(lanes);
  }

  /** Moves a proposal as far as it can go now (the call's state holds it back where its guards say so). */
  private async settle(p: SimProposal): Promise<void> {
    for (let guard = 0; guard < 50 && !p.final; guard++) {
      if (isStateTagged(p.state, 'reviewers-assignable', 'proposal')) await this.review(p);
      const moved = await this.step(
        'proposal',
        p.id,
        this.proposalDefinition,
        p.state,
        PROPOSAL_PLAYS,
        p.agencies,
        p.done,
        p,
      );
      if (!moved) {
        p.stuckIn = this.callState;
        return;
      }
      const from = p.state;
      p.t = Math.max(p.t, this.callT) + moved.delay;
      p.state = moved.state;
      p.final = moved.status === 'done';
      this.record('proposal', p.index, p.t, from, p.state, moved.event);
    }
  }

  /**
   * Each agency of the proposal has it reviewed, the agencies at once: reviewers of its pool invited
   * in a random order, as many at a time as reviews are needed, until enough have submitted. An
   * invitation refused for a detected conflict of interest, a declined one and a declared conflict
   * each lead to the next reviewer, invited when the refusal comes (simulated time).
   */
  private async review(p: SimProposal): Promise<void> {
    const start = Math.max(p.t, this.callT);
    const ends = await Promise.all(
      p.agencies.filter((a) => !p.reviewedBy.has(a)).map((agency) => this.reviewBy(p, agency, start)),
    );
    p.t = Math.max(p.t, start, ...ends);
  }

  /** One agency's reviews of the proposal; the simulated day they are all in. */
  private async reviewBy(p: SimProposal, agency: string, start: number): Promise<number> {
    const po = this.staff[agency].program_officer!;
    const pool = rng(this.options.seed, 'pool', p.index, agency).shuffle(this.reviewers[agency] ?? []);
    const scores: number[] = [];
    // One slot per review needed: the day its next invitation goes out (null once its review is in).
    const slots: (number | null)[] = Array.from({ length: this.minReviewers }, () => start);
    let reviewEnd = start;
    for (let k = 0; slots.some((t) => t !== null); k++) {
      const open = slots.map((t, i) => [t, i] as const).filter(([t]) => t !== null) as [number, number][];
      const [invitedAt, slot] = open.reduce((x, y) => (y[0] < x[0] ? y : x));
      // The pool first; once it is spent (declined, in conflict), the officer recruits an outside
      // expert into the agency's pool for this proposal, as many as it takes.
      const recruit = k - pool.length;
      if (recruit >= MAX_RECRUITS)
        throw new Error(
          `${agency} could not find ${this.minReviewers} reviewers for simulated proposal ${p.index + 1}: its pool of ${pool.length} and ${MAX_RECRUITS} recruited experts declined or were in conflict`,
        );
      const reviewer = recruit < 0 ? pool[k] : await this.recruit(p, agency, recruit);
      let assignment: { id: string; state: string };
      try {
        assignment = (await this.s.assignments.create({ proposalId: p.id, reviewerId: reviewer.id }, po.actor)) as {
          id: string;
          state: string;
        };
        this.transitions++;
      } catch (e) {
        if (e instanceof DomainException && /conflict of interest/.test(JSON.stringify(e.extensions ?? e.message))) {
          this.stats.refusedForConflict++;
          continue;
        }
        throw e;
      }
      this.stats.invited++;
      const r = rng(this.options.seed, 'assignment', p.index, reviewer.index);
      const answered = invitedAt + r.days(reviewer.answerDays, 0.5, 0.2);
      const send = (body: Body) => this.send('assignment', assignment.id, body, reviewer.actor);
      if (r.chance(0.03)) {
        await send({ type: 'DECLINE', reason: 'I co-authored with the team (simulated).', conflictOfInterest: true });
        this.stats.declaredConflicts++;
        slots[slot] = answered;
        continue;
      }
      if (r.chance(reviewer.declines)) {
        await send({ type: 'DECLINE', reason: 'No time in the review period (simulated).' });
        this.stats.declined++;
        slots[slot] = answered;
        continue;
      }
      await send({ type: 'ACCEPT', declaresNoConflict: true });
      this.stats.accepted++;
      const done = answered + r.days(reviewer.reviewDays, 0.5, 1);
      if (done - invitedAt > 35) this.stats.late++;
      const score = Math.min(5, Math.max(1, Math.round(p.quality + (r.next() - 0.5) * 2)));
      await send({
        type: 'SUBMIT_REVIEW',
        scores: { excellence: score, collaboration: score, feasibility: score },
        recommendation: score >= 3 ? 'fund' : 'do_not_fund',
        commentsToApplicants: 'A synthetic review written by the call simulator.',
      });
      this.stats.submitted++;
      scores.push(score);
      reviewEnd = Math.max(reviewEnd, done);
      slots[slot] = null;
    }
    p.reviewScores[agency] = scores;
    p.reviewedBy.add(agency);
    return reviewEnd;
  }

  /**
   * An outside expert the agency's officer adds to its pool when the pool has no one left for a
   * proposal: drawn from the proposal, the agency and the turn (not from the order of the run), and
   * invited to this proposal only (the pools of the others stay as they were).
   */
  private async recruit(p: SimProposal, agency: string, turn: number): Promise<SimReviewer> {
    const index =
      this.options.reviewers + p.index * 1000 + this.agencies.findIndex((a) => a.code === agency) * 100 + turn;
    const reviewer = await this.addReviewer(agency, index, `recruit-${p.index}-${agency}-${turn}`);
    this.stats.recruited++;
    return { ...reviewer, declines: 0.05 };
  }

  /**
   * Moves the open proposals as far as they go. One that could not move in this state of the call,
   * and has not moved since, is not asked again (`all` asks every one).
   */
  private async settleAll(phase: string, all = false) {
    const open = this.proposals.filter((p) => !p.final && (all || p.stuckIn !== this.callState));
    let done = 0;
    await this.pool(open, async (p) => {
      await this.settle(p);
      this.progress(phase, ++done, open.length);
    });
  }

  /** After a call event: proposals its hooks moved (fan-out of decisions, announcements), read back. */
  private async refreshStates(event: string) {
    const rows = await SimulationRepository.states(
      this.s.dataSource,
      this.proposals.map((p) => p.id),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const p of this.proposals) {
      const row = byId.get(p.id)!;
      if (row.state !== p.state) {
        p.stuckIn = undefined;
        p.t = Math.max(p.t, this.callT);
        this.record('proposal', p.index, p.t, p.state, row.state, event);
        p.state = row.state;
        p.done.clear();
      }
      p.final = isFinal(this.proposalDefinition, row.state);
    }
  }

  // ------------------------------------------------------------------ the call

  async runCall(): Promise<void> {
    this.record('call', 0, 0, 'none', this.callState, 'CREATED');
    const done = new Set<string>();
    const agencies = this.agencies.map((a) => a.code);
    for (let guard = 0; guard < 80; guard++) {
      if (isStateTagged(this.callState, 'open-for-submissions', 'call') && this.proposals.length === 0)
        await this.timed('submissions', () => this.createProposals(this.callT));
      // What the call's staff do without waiting for the proposals (open, close, start the review) comes
      // first; then the proposals go as far as they can, and the call takes its next step.
      await this.planSelection();
      let moved = await this.step(
        'call',
        this.callId,
        this.callDefinition,
        this.callState,
        CALL_PLAYS,
        agencies,
        done,
        undefined,
        (e) => !WAITS_FOR_PROPOSALS.has(e),
      );
      let waited = false;
      if (!moved) {
        await this.timed(`proposals in call ${this.callState}`, () => this.settleAll(this.callState));
        await this.planSelection();
        await this.prepareRankings();
        moved = await this.step('call', this.callId, this.callDefinition, this.callState, CALL_PLAYS, agencies, done);
        if (!moved) {
          // Before giving up: every open proposal asked again, not only those that moved.
          await this.timed(`proposals in call ${this.callState}`, () => this.settleAll(this.callState, true));
          await this.planSelection();
          await this.prepareRankings();
          moved = await this.step('call', this.callId, this.callDefinition, this.callState, CALL_PLAYS, agencies, done);
        }
        waited = true;
      }
      if (!moved) break;
      const from = this.callState;
      const latest = waited
        ? Math.max(this.callT, ...this.proposals.filter((p) => !p.final).map((p) => p.t))
        : this.callT;
      this.callT = round1(latest + moved.delay);
      this.callState = moved.state;
      this.record('call', 0, this.callT, from, moved.state, moved.event);
      this.progress(`call: ${moved.event.toLowerCase()}`, 0, 0);
      if (this.proposals.length) await this.refreshStates(moved.event);
      if (moved.status === 'done') break;
    }
    await this.timed('proposals after the call', () => this.settleAll('after the call', true));
  }

  /** The service's proposed selection within the envelopes: what the agencies confirm. */
  private async planSelection() {
    // Once the call's selection started (its ranking drawn), or per proposal where the call has no such step.
    const callConfirms = 'CONFIRM_SELECTION' in this.callDefinition.events;
    if (callConfirms && !this.handled(this.callDefinition, this.callState).has('CONFIRM_SELECTION')) return;
    if (!this.proposals.some((p) => isStateTagged(p.state, 'in-selection', 'proposal'))) return;
    if (!this.planned) {
      const plan = await this.s.selection.computeSelection(
        this.s.dataSource.manager,
        this.callId,
        this.agencies.map((a) => a.code),
      );
      this.planned = new Map(plan.items.map((i) => [i.proposalId, i.decision]));
      for (const w of this.options.whatIf ?? []) this.whatIfResults.push(await this.whatIf([w], plan));
      if ((this.options.whatIf ?? []).length > 1)
        this.whatIfResults.push(await this.whatIf(this.options.whatIf!, plan));
    }
    // The proposals still to decide, and the agencies each goes to (what an agency's confirmation covers).
    const rows = await SimulationRepository.routedIn(
      this.s.dataSource,
      this.proposals.map((p) => p.id),
      statesTagged('in-selection', 'proposal'),
    );
    this.selectionPlan = rows
      .map((r) => ({
        proposalId: r.id,
        decision: this.planned!.get(r.id) ?? ('waitlist' as const),
        agencies: r.agencies,
      }))
      .sort((x, y) => (x.proposalId < y.proposalId ? -1 : 1));
  }

  /**
   * What if the envelopes had been others: the same selection run on a copy (the changed envelopes
   * written in a transaction that is rolled back), the real call untouched.
   */
  private async whatIf(changes: WhatIf[], actual: Awaited<ReturnType<SelectionQueries['computeSelection']>>) {
    const q = this.s.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      // Proposals a threshold leaves out: taken off the ranking in the copy.
      const left = new Set<string>();
      const ranked = await SimulationRepository.ranking(q, this.callId);
      for (const c of changes) {
        if (c.key === 'threshold.minScore') {
          for (const p of this.proposals) if (p.panelScore !== undefined && p.panelScore < c.value) left.add(p.id);
          continue;
        }
        if (c.key === 'threshold.fundingLine') {
          for (const r of ranked) if (r.position > c.value) left.add(r.proposalId);
          continue;
        }
        const agency = c.key.replace(/^envelope\./, '');
        const before = this.envelopes[agency];
        if (before === undefined) throw new Error(`--what-if ${c.key}: ${agency} is not an agency of the call`);
        await SimulationRepository.scaleEnvelope(q, this.callId, agency, c.value / before, c.value);
      }
      if (left.size) await SimulationRepository.unrank(q, this.callId, [...left]);
      const plan = await this.s.selection.computeSelection(
        q.manager,
        this.callId,
        this.agencies.map((a) => a.code),
      );
      const count = (p: typeof plan) => p.items.filter((i) => i.decision === 'select').length;
      return {
        changes: changes.map((c) => ({ key: c.key, value: c.value })),
        selected: count(plan),
        selectedActually: count(actual),
        budgets: plan.budgets.map((b) => ({ agency: b.agency, envelope: b.envelope, used: b.used })),
      };
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  }
}

export { BY_KEY as WORKFLOWS_BY_KEY };

/** Notifications the simulated call's instances caused, per template, as the outbox holds them. */
export async function outboxNotifications(sim: Simulation, db: DataSource): Promise<Record<string, number>> {
  const rows = await SimulationRepository.notifications(db, sim.callId);
  return Object.fromEntries(rows.map((r) => [r.template ?? 'other', r.n]));
}

/** Runs a whole simulated call and returns its report. */
export async function simulate(services: SimulationServices, options: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const sim = new Simulation(services, options);
  await sim.setUp();
  await sim.runCall();
  const notifications = await outboxNotifications(sim, services.dataSource);
  return buildReport(sim, notifications, (performance.now() - started) / 1000);
}
