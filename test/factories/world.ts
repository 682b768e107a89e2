import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '../../workflows/index.js';
import type { Actor } from '../../src/engine/actor.js';
import { WorkflowEngine } from '../../src/engine/workflow-engine.service.js';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import type { CreateCallDto } from '../../src/modules/calls/calls.dto.js';
import type { CreateProposalDto, PartyDto } from '../../src/modules/proposals/proposals.dto.js';
import { ProposalsService } from '../../src/modules/proposals/proposals.service.js';
import { UsersService } from '../../src/modules/users/users.service.js';
import { FIRST_FISCAL_YEAR } from './fiscal-year.js';

/**
 * Factories for a joint call world: agencies with unique codes (so suites never see each other's
 * data), a program, one user per role at each agency with a real API token, an open call.
 * Everything goes through the services and the workflow engine, never around them.
 */

/** Every role held at an agency (all but the administrator). */
const AGENCY_ROLES: Role[] = ROLES.filter((r) => r !== 'administrator');

export { FIRST_FISCAL_YEAR, japaneseFiscalYear } from './fiscal-year.js';

/**
 * Envelopes per fiscal year standing for a whole-call envelope of the old shape: its share of each
 * year of a `projectYears`-year project (a third for the usual three years), in each of five fiscal
 * years, so such projects meet the same limits as they did against the whole figure (and a
 * five-year one has an envelope in each of its years).
 */
export const fiscalEnvelopes = (envelope: number, projectYears = 3): { fiscalYear: number; amount: number }[] =>
  Array.from({ length: 5 }, (_, i) => ({
    fiscalYear: FIRST_FISCAL_YEAR + i,
    amount: Math.floor(envelope / projectYears),
  }));

/** Each agency's figures in the factories' calls unless a test names its own: the lead's in JPY, the counterpart's in USD. */
export const DEFAULT_FIGURES = {
  lead: { envelope: 300_000_000, cap: 30_000_000 },
  counterpart: { envelope: 2_000_000, cap: 200_000 },
} as const;

export const unique = (prefix = ''): string => `${prefix}${randomBytes(4).toString('hex')}`.toUpperCase().slice(0, 16);

export interface Person {
  email: string;
  userId: string;
  token: string;
  actor: Actor;
}

export interface World {
  lead: string;
  counterpart: string;
  /** people[agency][role] */
  people: Record<string, Record<string, Person>>;
  admin: Person;
  /** A user of an agency that takes part in none of this world's calls. */
  outsider: Person;
  program: string;
  callId: string;
}

export class Factory {
  readonly dataSource: DataSource;
  readonly users: UsersService;
  readonly calls: CallsService;
  readonly proposals: ProposalsService;
  readonly engine: WorkflowEngine;

  constructor(app: INestApplicationContext) {
    this.dataSource = app.get(DataSource);
    this.users = app.get(UsersService);
    this.calls = app.get(CallsService);
    this.proposals = app.get(ProposalsService);
    this.engine = app.get(WorkflowEngine);
  }

  async agency(code = unique('A'), currency = 'JPY', country = 'JP'): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO agencies (code, name, country, currency) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
      [code, `Agency ${code}`, country, currency],
    );
    return code;
  }

  async program(
    overrides: Partial<{
      minAgencies: number;
      maxAgencies: number | null;
      durationMin: number;
      durationMax: number;
      /** The call workflow (`id@version`); sicorp-joint-call@2 unless given. */
      callWorkflow: string;
    }> = {},
  ): Promise<string> {
    const code = unique('p-').toLowerCase();
    await this.dataSource.query(
      `INSERT INTO programs (code, name, call_workflow, proposal_workflow, min_agencies, max_agencies, duration_min_months, duration_max_months,
                             jst_budget_min_per_year, jst_budget_max_per_year)
       VALUES ($1, $2, $7, 'sicorp-joint-proposal@1', $3, $4, $5, $6, 5000000, 100000000)`,
      [
        code,
        `Program ${code}`,
        overrides.minAgencies ?? 2,
        overrides.maxAgencies === undefined ? 2 : overrides.maxAgencies,
        overrides.durationMin ?? 36,
        overrides.durationMax ?? 60,
        overrides.callWorkflow ?? 'sicorp-joint-call@2',
      ],
    );
    return code;
  }

  async person(role: Role, agency: string | null): Promise<Person> {
    const email = `${role}.${unique()}@test.example`.toLowerCase();
    // A readable name, as people have ("AB12CD program officer"); the header names the role itself.
    const user = await this.users.createUser(email, `${agency ?? 'Tandem'} ${role.replaceAll('_', ' ')}`);
    await this.users.grant(email, role, agency);
    const token = await this.users.issueToken(email, 'test');
    return { email, userId: user.id, token, actor: { userId: user.id, grants: [{ role, agency }] } };
  }

  /** Two agencies, a bilateral program, every role at each agency, and an open call led by the first. */
  async world(options: { callState?: 'draft' | 'announced' | 'open' } = {}): Promise<World> {
    const lead = await this.agency();
    const counterpart = await this.agency(unique('C'), 'USD', 'US');
    const program = await this.program();
    const people: World['people'] = {};
    for (const agency of [lead, counterpart]) {
      people[agency] = {};
      for (const role of AGENCY_ROLES) people[agency][role] = await this.person(role, agency);
    }
    const admin = await this.person('administrator', null);
    const outsider = await this.person('program_officer', await this.agency());
    const world: World = { lead, counterpart, people, admin, outsider, program, callId: '' };
    world.callId = await this.call(world, {}, options.callState ?? 'open');
    return world;
  }

  callDto(
    world: Pick<World, 'lead' | 'counterpart' | 'program'>,
    overrides: Partial<CreateCallDto> = {},
  ): CreateCallDto {
    const day = 24 * 3600 * 1000;
    const at = (d: number) => new Date(Date.now() + d * day).toISOString();
    return {
      program: world.program,
      title: `Joint call ${unique()}`,
      // A co-owned call: each agency approves its own figures (see `call`).
      agencies: [
        { code: world.lead, role: 'lead' },
        { code: world.counterpart, role: 'counterpart' },
      ],
      opensAt: at(-1),
      submissionDeadline: at(60),
      ...overrides,
    };
  }

  /**
   * Creates a call as the lead's program officer and steps it to `state` through the engine. The call
   * is co-owned: unless `approve` is false, each agency's program officer first approves its own part
   * with the figures the DTO names for it (see `fiscalEnvelopes`), appointing its PO and PD.
   */
  async call(
    world: World,
    overrides: Partial<CreateCallDto> = {},
    state: 'draft' | 'announced' | 'open' = 'open',
    { approve = true }: { approve?: boolean } = {},
  ): Promise<string> {
    const po = world.people[world.lead].program_officer;
    const dto = this.callDto(world, overrides);
    const call = await this.calls.create(
      { ...dto, agencies: dto.agencies.map(({ budgetEnvelope: _e, capPerProjectPerYear: _c, ...a }) => a) },
      po.actor,
    );
    // The figures an override names for an agency (the whole-call shape), else the defaults of its role.
    if (approve)
      for (const a of dto.agencies) {
        const defaults = DEFAULT_FIGURES[a.role];
        await this.approveParticipation(world, call.id, a.code, {
          envelope: a.budgetEnvelope ?? defaults.envelope,
          cap: a.capPerProjectPerYear ?? defaults.cap,
        });
      }
    const steps = { draft: [], announced: ['ANNOUNCE'], open: ['ANNOUNCE', 'OPEN'] }[state];
    for (const type of steps)
      await this.engine.send({ subjectType: 'call', instanceId: call.id, body: { type }, actor: po.actor });
    return call.id;
  }

  /** An agency's program officer approves its part of a co-owned call, appointing its program officer and director. */
  async approveParticipation(
    world: Pick<World, 'people'>,
    callId: string,
    agency: string,
    figures: { envelope: number; cap: number },
  ) {
    const staff = world.people[agency];
    // An agency funding in JPY states no JPY rate (issue 15).
    const [{ currency }] = await this.dataSource.query(
      `SELECT ca.currency FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id WHERE ca.call_id = $1 AND a.code = $2`,
      [callId, agency],
    );
    return this.engine.send({
      subjectType: 'call',
      instanceId: callId,
      body: {
        type: 'APPROVE_PARTICIPATION',
        agency,
        envelopes: fiscalEnvelopes(figures.envelope),
        capPerProjectPerYear: figures.cap,
        appointees: [staff.program_officer.userId, staff.program_director.userId],
        ...(currency === 'JPY' ? {} : { jpyPerUnit: 1 }),
      },
      actor: staff.program_officer.actor,
    });
  }

  parties(world: Pick<World, 'lead' | 'counterpart'>, years = 3): PartyDto[] {
    return [
      {
        agency: world.lead,
        piName: 'Hanako Sato',
        piEmail: 'hanako@example.ac.jp',
        institution: 'Tohoku University',
        country: 'JP',
        budgetPerYear: Array(years).fill(20_000_000),
      },
      {
        agency: world.counterpart,
        piName: 'Alex Smith',
        institution: 'University of Washington',
        country: 'US',
        budgetPerYear: Array(years).fill(150_000),
      },
    ];
  }

  proposalDto(world: World, overrides: Partial<CreateProposalDto> = {}): CreateProposalDto {
    return {
      callId: world.callId,
      title: `Landslide early warning ${unique()}`,
      abstract: 'Dense seismic arrays to warn of landslides after heavy rain.',
      durationMonths: 36,
      keywords: ['seismology', 'landslides'],
      parties: this.parties(world),
      ...overrides,
    };
  }

  /**
   * A member of an agency's reviewer pool: a user with the reviewer role there and a profile
   * (institution, expertise, recent co-authors) conflict detection and matching read.
   */
  async reviewer(
    agency: string,
    profile: { institution: string; expertise?: string[]; coauthors?: string[]; name?: string },
  ): Promise<Person & { reviewerId: string }> {
    const person = await this.person('reviewer', agency);
    const [row] = await this.dataSource.query(
      `INSERT INTO reviewers (agency_id, user_id, name, institution, expertise, recent_coauthors)
       SELECT a.id, $2, $3, $4, $5, $6 FROM agencies a WHERE a.code = $1 RETURNING id`,
      [
        agency,
        person.userId,
        profile.name ?? `Reviewer ${unique()}`,
        profile.institution,
        profile.expertise ?? [],
        profile.coauthors ?? [],
      ],
    );
    return { ...person, reviewerId: row.id };
  }

  /** Sends an event through the engine (as the system when no actor is given). */
  send(
    subjectType: string,
    instanceId: string,
    body: { type: string } & Record<string, unknown>,
    actor: Actor = { userId: null, grants: [] },
  ) {
    return this.engine.send({ subjectType, instanceId, body, actor });
  }

  /** A draft proposal by the lead agency's applicant; `submit` sends SUBMIT through the engine. */
  async proposal(
    world: World,
    overrides: Partial<CreateProposalDto> = {},
    options: { submit?: boolean } = {},
  ): Promise<string> {
    const applicant = world.people[world.lead].applicant;
    const proposal = await this.proposals.create(this.proposalDto(world, overrides), applicant.actor);
    if (options.submit)
      await this.engine.send({
        subjectType: 'proposal',
        instanceId: proposal.id,
        body: { type: 'SUBMIT' },
        actor: applicant.actor,
      });
    return proposal.id;
  }
}
