import type { Response } from 'supertest';
import { ROLES, type Role } from '../../workflows/index.js';
import { Factory, fiscalEnvelopes, unique, type Person } from '../factories/world.js';
import { client, expectStatus, type Client, type Resource } from './http.js';

/**
 * A world for one call of a catalog program over HTTP: JST (shared by suites, created once) and
 * counterpart agencies of given countries with unique codes, one user per role at each, and the
 * steps every program shares (reviews by one reviewer of an agency, events with their expected status).
 */

const AGENCY_ROLES: Role[] = ROLES.filter((r) => r !== 'administrator');
const DAY = 24 * 3600 * 1000;
export const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

export interface Counterpart {
  country: string;
  currency: string;
  /** A government organisation of its country (default: yes; J-RAPID's counterpart must be one). */
  governmental?: boolean;
}

export class ProgramWorld {
  readonly api: Client;
  /** people[agency][role] */
  readonly people: Record<string, Record<string, Person>> = {};
  agencies: string[] = [];
  /** Calls that record a disaster (J-RAPID), with the country it struck. */
  readonly affected = new Map<string, string>();
  /** Each agency's country. */
  countries: Record<string, string> = { JST: 'JP' };
  admin!: Person;

  constructor(
    readonly factory: Factory,
    url: string,
  ) {
    this.api = client(url);
  }

  /** JST and one agency per counterpart, every role at each. */
  async build(counterparts: Counterpart[]): Promise<this> {
    await this.factory.dataSource.query(
      `INSERT INTO agencies (code, name, country, currency) VALUES ('JST', 'Japan Science and Technology Agency', 'JP', 'JPY') ON CONFLICT (code) DO NOTHING`,
    );
    this.agencies = ['JST'];
    for (const c of counterparts) {
      const code = await this.factory.agency(unique(c.country), c.currency, c.country);
      if (c.governmental ?? true)
        await this.factory.dataSource.query(`UPDATE agencies SET governmental = true WHERE code = $1`, [code]);
      this.countries[code] = c.country;
      this.agencies.push(code);
    }
    for (const agency of this.agencies) {
      this.people[agency] = {};
      for (const role of AGENCY_ROLES) this.people[agency][role] = await this.factory.person(role, agency);
    }
    this.admin = await this.factory.person('administrator', null);
    return this;
  }

  who(agency: string, role: Role): Person {
    return this.people[agency][role];
  }

  /** Sends an event over HTTP and expects `status`; returns the body. */
  async send(resource: Resource, id: string, person: Person, body: Record<string, unknown>, status = 200) {
    const res = await this.api.event(resource, id, body, person.token);
    expectStatus(res, status);
    return res.body;
  }

  async stateOf(resource: Resource, id: string): Promise<string> {
    const res = await this.api.get(`/${resource}/${id}`, this.admin.token);
    expectStatus(res, 200);
    return res.body.state as string;
  }

  /**
   * Creates a call of `program` led by the first agency, as its program officer; the response as it
   * came. Once created, each agency's program officer approves its own part of the co-owned call
   * (`approve`: `false` leaves that to the test): its envelope (the whole-call figure read as in
   * `fiscalEnvelopes`) and cap, appointing its program officer and director.
   */
  async createCall(
    program: string,
    agencies: { code: string; cap: number; envelope: number; currency?: string }[],
    extra: Record<string, unknown> = {},
    { approve = true }: { approve?: boolean } = {},
  ): Promise<Response> {
    const res = await this.api.post(
      '/calls',
      {
        program,
        title: `${program} call ${unique()}`,
        agencies: agencies.map((a, i) => ({
          code: a.code,
          role: i === 0 ? 'lead' : 'counterpart',
          ...(a.currency ? { currency: a.currency } : {}),
        })),
        opensAt: at(-1),
        submissionDeadline: at(30),
        // J-RAPID answers a disaster of its counterpart's country (a test may give its own).
        ...(program === 'j-rapid'
          ? {
              disaster: { what: 'Earthquake', occurredOn: at(-3).slice(0, 10), where: 'Coastal province' },
              affectedCountry: this.countries[agencies[1]?.code] ?? 'XX',
            }
          : {}),
        ...extra,
      },
      this.who(agencies[0].code, 'program_officer').token,
    );
    if (res.status === 201 && res.body.affectedCountry)
      this.affected.set(res.body.id as string, res.body.affectedCountry);
    // J-RAPID's projects last a year at most: their whole envelope falls in each fiscal year.
    const projectYears = program === 'j-rapid' ? 1 : 3;
    if (res.status === 201 && approve)
      for (const a of agencies)
        await this.approve(res.body.id as string, a.code, { cap: a.cap, envelope: a.envelope }, 200, projectYears);
    return res;
  }

  /** An agency's program officer approves its part of a co-owned call, appointing its program officer and director. */
  async approve(
    callId: string,
    agency: string,
    figures: { cap: number; envelope: number },
    status = 200,
    projectYears = 3,
  ) {
    // An agency funding in JPY states no JPY rate (issue 15).
    const [{ currency }] = await this.factory.dataSource.query(
      `SELECT ca.currency FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id WHERE ca.call_id = $1 AND a.code = $2`,
      [callId, agency],
    );
    return this.send(
      'calls',
      callId,
      this.who(agency, 'program_officer'),
      {
        type: 'APPROVE_PARTICIPATION',
        agency,
        envelopes: fiscalEnvelopes(figures.envelope, projectYears),
        capPerProjectPerYear: figures.cap,
        appointees: [this.who(agency, 'program_officer').userId, this.who(agency, 'program_director').userId],
        ...(currency === 'JPY' ? {} : { jpyPerUnit: 1 }),
      },
      status,
    );
  }

  /** A call of `program` created, its review set up (one reviewer per agency), announced and opened by the lead's program officer; its id. */
  async openCall(program: string, agencies: { code: string; cap: number; envelope: number }[]): Promise<string> {
    const res = await this.createCall(program, agencies);
    expectStatus(res, 201);
    const id = res.body.id as string;
    const po = this.who(agencies[0].code, 'program_officer');
    await this.send('calls', id, po, { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(20) });
    await this.send('calls', id, po, { type: 'ANNOUNCE' });
    await this.send('calls', id, po, { type: 'OPEN' });
    return id;
  }

  /**
   * A draft proposal with one party per agency given (its budget per year), by a new applicant of the
   * first. In a call that records a disaster (J-RAPID) the applicant also invites one local researcher
   * (a member of the affected country's party), unless `localResearcher` is false.
   */
  async proposal(
    callId: string,
    parties: { agency: string; budget: number }[],
    years = 3,
    { localResearcher = true }: { localResearcher?: boolean } = {},
  ): Promise<{ id: string; applicant: Person; res: Response }> {
    const applicant = await this.factory.person('applicant', parties[0].agency);
    const res = await this.api.post(
      '/proposals',
      {
        callId,
        title: `Joint project ${unique()}`,
        abstract: 'A joint project of researchers of several countries.',
        durationMonths: years * 12,
        keywords: ['resilience'],
        parties: parties.map((p, i) => ({
          agency: p.agency,
          piName: `PI ${i} ${unique()}`,
          institution: `Institute ${p.agency} ${unique()}`,
          country: p.agency === 'JST' ? 'JP' : p.agency.slice(0, 2),
          budgetPerYear: Array(years).fill(p.budget),
        })),
      },
      applicant.token,
    );
    const affected = this.affected.get(callId);
    const localParty = parties.find((p) => this.countries[p.agency] === affected);
    if (res.status === 201 && affected && localParty && localResearcher) {
      const invited = await this.api.post(
        `/proposals/${res.body.id}/members`,
        {
          agency: localParty.agency,
          role: 'member',
          name: `Local researcher ${unique()}`,
          email: `${unique('local').toLowerCase()}@example.org`,
          institution: `University of the affected region ${unique()}`,
          local: true,
        },
        applicant.token,
      );
      expectStatus(invited, 201);
    }
    return { id: res.body.id as string, applicant, res };
  }

  /** One reviewer of `agency` invited, accepting and submitting a review of the proposal with every score at `score`; the reviewer. */
  async review(proposalId: string, agency: string, score: number): Promise<Person> {
    const reviewer = await this.factory.reviewer(agency, { institution: `Review Institute ${unique()}` });
    const invited = await this.api.post(
      '/assignments',
      { proposalId, reviewerId: reviewer.reviewerId },
      this.who(agency, 'program_officer').token,
    );
    expectStatus(invited, 201);
    await this.send('assignments', invited.body.id, reviewer, { type: 'ACCEPT', declaresNoConflict: true });
    await this.send('assignments', invited.body.id, reviewer, {
      type: 'SUBMIT_REVIEW',
      scores: { excellence: score, collaboration: score, feasibility: score },
      recommendation: score >= 3 ? 'fund' : 'do_not_fund',
      commentsToApplicants: `Comments of a ${agency} reviewer.`,
    });
    return reviewer;
  }

  /** The ids of the call's proposals the person finds in the list. */
  async listed(callId: string, person: Person): Promise<string[]> {
    const res = await this.api.get(`/proposals?callId=${callId}&limit=100`, person.token);
    expectStatus(res, 200);
    return (res.body.items as { id: string }[]).map((p) => p.id).sort();
  }
}
