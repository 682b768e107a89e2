import request from 'supertest';
import type { Role } from '../../workflows/index.js';
import { Factory, unique, type Person } from '../factories/world.js';
import type { TestApp } from '../support/app.js';
import { expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';
import { uniqueOrcid } from '../support/orcid.js';

/**
 * The worlds the invariant suite runs in. A population is built once per test file: JST, three
 * counterparts (TH, VN, ID) and an agency in none of the calls, each with one user of every role;
 * two reviewers in each pool; an administrator. Each sequence then gets a fresh call of its own
 * (a bilateral SICORP call of JST and TH, or an e-ASIA JRP call of all four), stepped over HTTP to
 * the stage the sequence starts from, with a reviewer and a board member conflicted with one
 * proposal each (same institution as a party's principal investigator).
 */

export type Program = 'sicorp-bilateral' | 'e-asia-jrp';
export type Stage = 'review' | 'selection';

export interface Member {
  /** Readable name in counterexamples: "TH program_director", "applicant of P2", "conflicted reviewer". */
  label: string;
  person: Person;
  /** Roles by agency code (null: the administrator). */
  roles: { role: Role; agency: string | null }[];
}

export interface RunProposal {
  id: string;
  label: string;
  title: string;
  /** The agencies it is routed to: its parties' (e-ASIA), or the call's (SICORP). */
  agencies: string[];
  applicant: Person;
  /** Requested from each agency over the whole project. */
  requested: Record<string, number>;
  /** Its research plan (uploaded before submission). */
  documentId: string;
  /** People of its parties who accepted an invitation (a team member of its second party): they see it like its applicant. */
  partyMembers: Person[];
  /**
   * Whether it was ever submitted. Each run has one draft that never is (issue 15): whatever state it
   * ends in (its call cancelled, withdrawn), it stays its applicant's alone.
   */
  submitted: boolean;
}

export interface RunWorld {
  program: Program;
  stage: Stage;
  callId: string;
  agencies: string[];
  envelopes: Record<string, number>;
  proposals: RunProposal[];
  /** Everyone who may act or read in this run (other agencies and the outsider included). */
  members: Member[];
  /** Pool reviewers of this run's agencies: reviewer row id and user. */
  pool: { reviewerId: string; agency: string; userId: string }[];
}

const STAFF_ROLES: Role[] = [
  'agency_officer',
  'program_officer',
  'program_director',
  'panel_member',
  'steering_committee_member',
  'board_member',
];
/** The ORCID iD of the researcher every proposal of a population shares (a valid check digit). */
const SHARED_ORCID = uniqueOrcid();

const COUNTRIES = [
  { country: 'TH', currency: 'THB' },
  { country: 'VN', currency: 'VND' },
  { country: 'ID', currency: 'IDR' },
  { country: 'OU', currency: 'EUR' },
];

export class Population {
  readonly world: ProgramWorld;
  readonly members: Member[] = [];
  readonly pool: { reviewerId: string; agency: string; userId: string; member: Member }[] = [];
  /** A reviewer of JST's pool and a board member of TH whose institution is set, per run, to a party's. */
  conflictedReviewer!: Member & { reviewerId: string };
  conflictedBoard!: Member & { reviewerId: string };
  JST = 'JST';
  TH = '';
  VN = '';
  ID = '';
  OUT = '';

  constructor(readonly sut: TestApp) {
    this.world = new ProgramWorld(new Factory(sut.app), sut.url);
  }

  get factory(): Factory {
    return this.world.factory;
  }

  async build(): Promise<this> {
    await this.world.build(COUNTRIES);
    [this.JST, this.TH, this.VN, this.ID, this.OUT] = this.world.agencies;
    for (const agency of this.world.agencies) {
      for (const role of [...STAFF_ROLES, 'applicant', 'reviewer'] as Role[]) {
        this.members.push({
          label: `${this.code(agency)} ${role}`,
          person: this.world.who(agency, role),
          roles: [{ role, agency }],
        });
      }
    }
    this.members.push({
      label: 'administrator',
      person: this.world.admin,
      roles: [{ role: 'administrator', agency: null }],
    });
    for (const agency of this.world.agencies.slice(0, 4)) {
      for (const n of [1, 2]) {
        const r = await this.factory.reviewer(agency, {
          institution: `Pool Institute ${unique()}`,
          expertise: ['resilience'],
        });
        const member: Member = {
          label: `${this.code(agency)} pool reviewer ${n}`,
          person: r,
          roles: [{ role: 'reviewer', agency }],
        };
        this.members.push(member);
        this.pool.push({ reviewerId: r.reviewerId, agency, userId: r.userId, member });
      }
    }
    const reviewer = await this.factory.reviewer(this.JST, { institution: `Placeholder ${unique()}` });
    this.conflictedReviewer = {
      label: 'JST reviewer conflicted with P1',
      person: reviewer,
      roles: [{ role: 'reviewer', agency: this.JST }],
      reviewerId: reviewer.reviewerId,
    };
    this.members.push(this.conflictedReviewer);
    this.pool.push({
      reviewerId: reviewer.reviewerId,
      agency: this.JST,
      userId: reviewer.userId,
      member: this.conflictedReviewer,
    });
    // A board member of TH who is also in TH's reviewer pool (a profile with an institution).
    const board = this.world.who(this.TH, 'board_member');
    const [row] = await this.factory.dataSource.query(
      `INSERT INTO reviewers (agency_id, user_id, name, institution, expertise, recent_coauthors)
       SELECT a.id, $2, 'TH board member', $3, '{}', '{}' FROM agencies a WHERE a.code = $1 RETURNING id`,
      [this.TH, board.userId, `Placeholder ${unique()}`],
    );
    this.conflictedBoard = { ...this.members.find((m) => m.person === board)!, reviewerId: row.id };
    this.conflictedBoard.label = 'TH board member conflicted with the last proposal';
    return this;
  }

  /** A short name of an agency code in counterexamples (counterparts have random codes). */
  code(agency: string): string {
    const i = this.world.agencies.indexOf(agency);
    return ['JST', 'TH', 'VN', 'ID', 'OUT'][i] ?? agency;
  }

  private po(agency: string): Person {
    return this.world.who(agency, 'program_officer');
  }

  /** A fresh call of `program`, stepped to `stage`. */
  async run(program: Program, stage: Stage): Promise<RunWorld> {
    const w = this.world;
    const { JST, TH, VN, ID } = this;
    const agencies = program === 'sicorp-bilateral' ? [JST, TH] : [JST, TH, VN, ID];
    // Envelopes that hold one proposal of each agency's but not two: selection is where money breaks.
    const perYear: Record<string, number> = { [JST]: 8_000_000, [TH]: 500_000, [VN]: 500_000, [ID]: 500_000 };
    const envelopes = Object.fromEntries(agencies.map((a) => [a, perYear[a] * 3 + perYear[a]]));
    const created = await w.createCall(
      program,
      agencies.map((code) => ({ code, cap: perYear[code] * 1.25, envelope: envelopes[code] })),
    );
    expectStatus(created, 201);
    const callId = created.body.id as string;
    const po = this.po(JST);
    await w.send('calls', callId, po, { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(20) });
    await w.send('calls', callId, po, { type: 'ANNOUNCE' });
    await w.send('calls', callId, po, { type: 'OPEN' });

    const partySets =
      program === 'sicorp-bilateral'
        ? [
            [JST, TH],
            [JST, TH],
          ]
        : [
            [JST, TH, VN],
            [JST, TH, ID],
            [JST, VN, ID],
          ];
    const proposals: RunProposal[] = [];
    for (const [i, parties] of partySets.entries()) {
      const made = await w.proposal(
        callId,
        parties.map((agency) => ({ agency, budget: perYear[agency] })),
      );
      expectStatus(made.res, 201);
      // A research plan whose text names the proposal, so a download by someone who may not see it shows.
      const plan = await request(this.sut.url)
        .post(`/api/v1/proposals/${made.id}/documents`)
        .set('Authorization', `Bearer ${made.applicant.token}`)
        .field('type', 'research-plan')
        .attach('file', Buffer.from(`%PDF-1.7\n% ${made.res.body.title} (${made.id})\n%%EOF\n`), 'plan.pdf');
      expectStatus(plan, 201);
      // A team member of its second party, invited by the lead PI and accepting (issue 15).
      const teamMember = await this.factory.person('applicant', parties[1]);
      const invited = await w.api.post(
        `/proposals/${made.id}/members`,
        {
          agency: parties[1],
          role: 'member',
          name: `Team member of P${i + 1}`,
          email: teamMember.email,
          institution: `Lab ${i + 1}`,
          // One researcher in every proposal of the population (duplicate funding): their other
          // proposals, in this run and earlier ones, overlap and may be of agencies the reader cannot see.
          orcid: SHARED_ORCID,
          effortPercent: 40,
        },
        made.applicant.token,
      );
      expectStatus(invited, 201);
      expectStatus(await w.api.post(`/proposals/${made.id}/invitation/accept`, {}, teamMember.token), 200);
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
      proposals.push({
        id: made.id,
        label: `P${i + 1}`,
        title: made.res.body.title,
        agencies: program === 'sicorp-bilateral' ? agencies : parties,
        applicant: made.applicant,
        requested: Object.fromEntries(parties.map((a) => [a, perYear[a] * 3])),
        documentId: plan.body.id,
        partyMembers: [teamMember],
        submitted: true,
      });
    }
    // The conflicts of this run: same institution as P1's JST party, and as the last proposal's TH party.
    const institution = async (proposalId: string, agency: string): Promise<string> => {
      const [row] = await this.factory.dataSource.query(
        `SELECT pp.institution FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = $1 AND a.code = $2`,
        [proposalId, agency],
      );
      return row.institution;
    };
    const last = proposals.filter((p) => p.agencies.includes(TH)).at(-1)!;
    await this.factory.dataSource.query(`UPDATE reviewers SET institution = $2 WHERE id = $1`, [
      this.conflictedReviewer.reviewerId,
      await institution(proposals[0].id, JST),
    ]);
    await this.factory.dataSource.query(`UPDATE reviewers SET institution = $2 WHERE id = $1`, [
      this.conflictedBoard.reviewerId,
      await institution(last.id, TH),
    ]);

    // A draft never submitted (issue 15): a CANCEL of the call (or its WITHDRAW) ends it, and it must
    // stay its applicant's alone: no staff reads, lists or is told of it.
    const draftParties = program === 'sicorp-bilateral' ? [JST, TH] : [JST, TH, VN];
    const draft = await w.proposal(
      callId,
      draftParties.map((agency) => ({ agency, budget: perYear[agency] })),
    );
    expectStatus(draft.res, 201);
    const draftPlan = await request(this.sut.url)
      .post(`/api/v1/proposals/${draft.id}/documents`)
      .set('Authorization', `Bearer ${draft.applicant.token}`)
      .field('type', 'research-plan')
      .attach('file', Buffer.from(`%PDF-1.7\n% ${draft.res.body.title} (${draft.id})\n%%EOF\n`), 'plan.pdf');
    expectStatus(draftPlan, 201);
    proposals.push({
      id: draft.id,
      label: 'D (never submitted)',
      title: draft.res.body.title,
      agencies: program === 'sicorp-bilateral' ? agencies : draftParties,
      applicant: draft.applicant,
      requested: {},
      documentId: draftPlan.body.id,
      partyMembers: [],
      submitted: false,
    });

    await w.send('calls', callId, po, { type: 'CLOSE' });
    await w.send('calls', callId, po, { type: 'START_REVIEW' });
    const submitted = proposals.filter((p) => p.submitted);
    for (const p of submitted) {
      await w.send('proposals', p.id, po, { type: 'START_ELIGIBILITY_CHECK' });
      for (const agency of p.agencies)
        await w.send('proposals', p.id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
    }
    // One reviewer of each involved agency invited to each proposal and accepting.
    for (const p of submitted) {
      for (const agency of p.agencies) {
        const reviewer = this.pool.find((r) => r.agency === agency && r.member !== this.conflictedReviewer)!;
        const invited = await w.api.post(
          '/assignments',
          { proposalId: p.id, reviewerId: reviewer.reviewerId },
          this.po(agency).token,
        );
        expectStatus(invited, 201);
        await w.send('assignments', invited.body.id, reviewer.member.person, {
          type: 'ACCEPT',
          declaresNoConflict: true,
        });
        if (stage === 'selection') {
          await w.send('assignments', invited.body.id, reviewer.member.person, {
            type: 'SUBMIT_REVIEW',
            scores: { excellence: 4, collaboration: 4, feasibility: 4 },
            recommendation: 'fund',
            commentsToApplicants: 'Set-up review.',
          });
        }
      }
    }
    if (stage === 'selection') {
      for (const p of submitted) {
        for (const agency of p.agencies)
          await w.send('proposals', p.id, this.po(agency), {
            type: 'COMPLETE_AGENCY_REVIEW',
            score: 4,
            recommendation: 'fund',
            summary: 'Set-up assessment.',
          });
      }
      await w.send('calls', callId, po, { type: 'START_PANEL' });
      for (const p of submitted) {
        await w.send('proposals', p.id, w.who(JST, 'panel_member'), {
          type: 'RECORD_PANEL_RESULT',
          recommendation: 'fund',
          score: 4.5,
          minutes: 'Set-up panel.',
        });
        for (const agency of p.agencies) await w.send('proposals', p.id, this.po(agency), { type: 'SIGN_OFF_PANEL' });
      }
      const call = await w.api.get(`/calls/${callId}`, po.token);
      if (call.body.allowedEvents.includes('START_SELECTION')) {
        await w.send('calls', callId, po, { type: 'START_SELECTION' });
      } else {
        // e-ASIA @3: each member agency submits its ordered ranking; the secretariat compiles the joint one.
        for (const agency of agencies) {
          const view = await w.api.get(`/calls/${callId}/joint-ranking`, this.po(agency).token);
          expectStatus(view, 200);
          const mine = (view.body.toRank as { agency: string; proposals: { proposalId: string }[] }[]).find(
            (r) => r.agency === agency,
          );
          if (!mine || mine.proposals.length === 0) continue;
          await w.send('calls', callId, this.po(agency), {
            type: 'SUBMIT_AGENCY_RANKING',
            order: mine.proposals.map((x) => x.proposalId),
          });
        }
        await w.send('calls', callId, po, {
          type: 'COMPILE_JOINT_RANKING',
          tieOrder: submitted.map((x) => x.id),
        });
      }
    }

    const applicants: Member[] = proposals.flatMap((p) => [
      { label: `applicant of ${p.label}`, person: p.applicant, roles: [{ role: 'applicant', agency: p.agencies[0] }] },
      ...p.partyMembers.map((person) => ({
        label: `team member of ${p.label}`,
        person,
        roles: [{ role: 'applicant' as Role, agency: person.actor.grants[0].agency }],
      })),
    ]);
    return {
      program,
      stage,
      callId,
      agencies,
      envelopes,
      proposals,
      members: [...this.members, ...applicants],
      pool: this.pool.filter((r) => agencies.includes(r.agency) || r.agency === this.VN),
    };
  }
}
