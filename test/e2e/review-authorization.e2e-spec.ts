import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { Factory, unique, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, type Client } from '../support/http.js';
import { uniqueOrcid } from '../support/orcid.js';

/**
 * The authorization matrix of the joint review: every endpoint of the review, called by every role
 * of the lead agency (A) and of the counterpart (B), the applicants, reviewers with and without an
 * assignment, a conflicted reviewer, a conflicted program officer, an outsider and the administrator.
 * Each answer has its specified status, and no body carries what its reader may not see: another
 * agency's confidential comments, reviewer names or consolidation before the panel.
 *
 * The proposal is under review: each agency's reviewer has submitted, agency A has consolidated.
 */

type Flags = {
  admin?: boolean;
  outsider?: boolean;
  /** Officer, PO or PD of the agency. */
  manages?: 'A' | 'B';
  /** Any staff role at the agency (officer, PO, PD, panel, steering committee, board). */
  staff?: 'A' | 'B';
  role?: string;
  owner?: boolean;
  /** Reviewer with a submitted assignment on the proposal. */
  reviews?: 'A' | 'B';
  /** Sees the call: holds a role at one of its agencies. */
  inCall?: boolean;
  /** Holds the reviewer role at one of the call's agencies (reads their own assignments of it). */
  reviewer?: boolean;
  conflicted?: boolean;
};

interface Actor {
  name: string;
  person: Person;
  f: Flags;
}

const sees = (f: Flags) => f.admin || f.owner || f.reviews !== undefined || (f.staff !== undefined && !f.conflicted);
const internal = (f: Flags) => f.admin || f.staff !== undefined;
const managesUnconflicted = (f: Flags, agency: 'A' | 'B') => f.manages === agency && !f.conflicted;
const invites = (f: Flags) => f.manages === 'A' && (f.role === 'program_officer' || f.role === 'agency_officer');
const callStatus = (f: Flags, allowed: boolean) => (f.outsider ? 404 : allowed ? 200 : 403);
/** Who reads a call's assignments (the list by call and its export): its reviewers, officers, PO and PD. */
const readsAssignments = (f: Flags) => !!(f.admin || f.manages || f.reviewer);

describe('authorization matrix of the joint review', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let A: string;
  let B: string;
  const actors: Actor[] = [];
  let proposal = '';
  const assignment = { A: '', B: '' };
  let idleReviewerA: Person & { reviewerId: string };
  let conflictedReviewerA: Person & { reviewerId: string };
  const secret = {
    A: `SECRET-A-${unique()}`,
    B: `SECRET-B-${unique()}`,
    assessA: `ASSESS-A-${unique()}`,
    nameA: `NAME-A-${unique()}`,
    nameB: `NAME-B-${unique()}`,
    /** The title of a proposal of other agencies that shares a researcher with this one (duplicate funding). */
    otherTitle: `OTHER-TITLE-${unique()}`,
  };
  let otherProposal = '';

  /** Secrets each actor may read somewhere in the review. */
  function allowedSecrets(f: Flags): Set<string> {
    const out = new Set<string>();
    if (f.admin || managesUnconflicted(f, 'A') || f.reviews === 'A') out.add(secret.A).add(secret.nameA);
    if (f.admin || managesUnconflicted(f, 'B') || f.reviews === 'B') out.add(secret.B).add(secret.nameB);
    // An agency's consolidation, before the panel: its officers, PO and PD (not its panel, steering committee or board).
    if (f.admin || managesUnconflicted(f, 'A')) out.add(secret.assessA);
    // A proposal of agencies outside the call: only the administrator may read of it.
    if (f.admin) out.add(secret.otherTitle).add(otherProposal);
    return out;
  }

  function check(actor: Actor, what: string, res: Response, expected: number | number[]) {
    const statuses = Array.isArray(expected) ? expected : [expected];
    if (!statuses.includes(res.status)) {
      throw new Error(
        `${what} as ${actor.name}: expected ${statuses.join(' or ')}, got ${res.status}: ${res.text.slice(0, 300)}`,
      );
    }
    const allowed = allowedSecrets(actor.f);
    for (const s of [...Object.values(secret), otherProposal]) {
      if (!allowed.has(s) && res.text.includes(s))
        throw new Error(`${what} as ${actor.name} leaks ${s}: ${res.text.slice(0, 300)}`);
    }
  }

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    A = w.lead;
    B = w.counterpart;
    const po = w.people[A].program_officer;
    await factory.send(
      'call',
      w.callId,
      {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: 1,
        reviewDue: new Date(Date.now() + 30 * 86400_000).toISOString(),
      },
      po.actor,
    );
    // Its lead PI is a researcher (ORCID iD) who also leads a proposal of other agencies (duplicate funding).
    const orcid = uniqueOrcid();
    const [leadParty, counterpartParty] = factory.parties(w);
    proposal = await factory.proposal(
      w,
      { parties: [{ ...leadParty, piOrcid: orcid, piEffortPercent: 60 }, counterpartParty] },
      { submit: true },
    );
    const elsewhere = await factory.world();
    const [otherLead, otherCounterpart] = factory.parties(elsewhere);
    otherProposal = await factory.proposal(
      elsewhere,
      { title: secret.otherTitle, parties: [{ ...otherLead, piOrcid: orcid, piEffortPercent: 50 }, otherCounterpart] },
      { submit: true },
    );
    for (const type of ['CLOSE', 'START_REVIEW']) await factory.send('call', w.callId, { type }, po.actor);
    await factory.send('proposal', proposal, { type: 'START_ELIGIBILITY_CHECK' }, po.actor);
    await factory.send('proposal', proposal, { type: 'RULE_ELIGIBILITY', eligible: true }, po.actor);
    await factory.send(
      'proposal',
      proposal,
      { type: 'RULE_ELIGIBILITY', eligible: true },
      w.people[B].program_officer.actor,
    );

    // Reviewers: one of each agency reviews; one of A idles; one of A works where the lead PI does.
    const reviewerA = await factory.reviewer(A, { institution: 'A Institute', name: secret.nameA });
    const reviewerB = await factory.reviewer(B, { institution: 'B Institute', name: secret.nameB });
    idleReviewerA = await factory.reviewer(A, { institution: 'Idle Institute' });
    conflictedReviewerA = await factory.reviewer(A, { institution: 'Tohoku University' });
    // A program officer of B who also reviews for B and co-authored with the US PI: conflicted.
    const conflictedPoB = await factory.person('program_officer', B);
    await sut.dataSource.query(
      `INSERT INTO reviewers (agency_id, user_id, name, institution, recent_coauthors) SELECT id, $2, 'PO who reviews', 'Elsewhere', ARRAY['Alex Smith'] FROM agencies WHERE code = $1`,
      [B, conflictedPoB.userId],
    );
    for (const [agency, reviewer] of [
      ['A', reviewerA],
      ['B', reviewerB],
    ] as const) {
      const code = agency === 'A' ? A : B;
      const invite = await api.post(
        '/assignments',
        { proposalId: proposal, reviewerId: reviewer.reviewerId },
        w.people[code].program_officer.token,
      );
      if (invite.status !== 201) throw new Error(invite.text);
      assignment[agency] = invite.body.id;
      await factory.send(
        'assignment',
        invite.body.id,
        { type: 'ACCEPT', declaresNoConflict: true },
        { userId: reviewer.userId, grants: [{ role: 'reviewer', agency: code }] },
      );
      await factory.send(
        'assignment',
        invite.body.id,
        {
          type: 'SUBMIT_REVIEW',
          scores: { excellence: 4, collaboration: 4, feasibility: 4 },
          recommendation: 'fund',
          commentsToApplicants: 'Comments for the applicants.',
          confidentialComments: secret[agency],
        },
        { userId: reviewer.userId, grants: [{ role: 'reviewer', agency: code }] },
      );
    }
    await factory.send(
      'proposal',
      proposal,
      { type: 'COMPLETE_AGENCY_REVIEW', score: 4, recommendation: 'fund', summary: secret.assessA },
      po.actor,
    );

    const add = (name: string, person: Person, f: Flags) => actors.push({ name, person, f });
    add('administrator', w.admin, { admin: true });
    add('outsider PO', w.outsider, { outsider: true });
    for (const [code, key] of [
      [A, 'A'],
      [B, 'B'],
    ] as const) {
      for (const role of ['agency_officer', 'program_officer', 'program_director'])
        add(`${role} of ${key}`, w.people[code][role], { manages: key, staff: key, role, inCall: true });
      for (const role of ['panel_member', 'steering_committee_member', 'board_member'])
        add(`${role} of ${key}`, w.people[code][role], { staff: key, role, inCall: true });
    }
    add('owning applicant (A)', w.people[A].applicant, { owner: true, inCall: true });
    add('other applicant (B)', w.people[B].applicant, { inCall: true });
    add('reviewer of A on it', reviewerA, { reviews: 'A', inCall: true, reviewer: true });
    add('reviewer of B on it', reviewerB, { reviews: 'B', inCall: true, reviewer: true });
    add('idle reviewer of A', idleReviewerA, { inCall: true, reviewer: true });
    add('conflicted reviewer of A', conflictedReviewerA, { inCall: true, conflicted: true, reviewer: true });
    add('conflicted PO of B', conflictedPoB, {
      manages: 'B',
      staff: 'B',
      role: 'program_officer',
      inCall: true,
      conflicted: true,
    });
  });
  afterAll(() => sut.close());

  const each = async (
    what: string,
    call: (a: Actor) => Promise<Response>,
    expected: (f: Flags) => number | number[],
  ) => {
    for (const actor of actors) check(actor, what, await call(actor), expected(actor.f));
  };

  it('serves the secrets to those who may read them, so the leak checks below check something', async () => {
    const text = async (path: string, person: Person) => (await api.get(path, person.token)).text;
    expect(await text(`/proposals/${proposal}/reviews`, w.people[A].program_officer)).toContain(secret.A);
    expect(await text(`/proposals/${proposal}/reviews`, w.people[A].program_officer)).toContain(secret.nameA);
    expect(await text(`/assignments/${assignment.B}`, w.people[B].agency_officer)).toContain(secret.B);
    expect(await text(`/proposals/${proposal}/history`, w.people[A].agency_officer)).toContain(secret.assessA);
    expect(await text(`/proposals/${proposal}/panel`, w.people[A].program_director)).toContain(secret.assessA);
    expect(await text(`/calls/${w.callId}/exports/reviews.csv`, w.admin)).toContain(secret.B);
    const other = await api.get(`/proposals/${proposal}/history`, w.people[B].program_officer.token);
    expect(other.body.items.find((i: { event: string }) => i.event === 'COMPLETE_AGENCY_REVIEW').payload).toEqual({
      agency: A,
    });
    const board = await api.get(`/proposals/${proposal}/history`, w.people[A].board_member.token);
    expect(board.body.items.find((i: { event: string }) => i.event === 'COMPLETE_AGENCY_REVIEW').payload).toEqual({
      agency: A,
    });
  });

  describe('proposals', () => {
    it('GET /proposals/:id: reviewers only with an accepted assignment; 404 for the conflicted', async () => {
      await each(
        'GET proposal',
        (a) => api.get(`/proposals/${proposal}`, a.person.token),
        (f) => (sees(f) ? 200 : 404),
      );
    });

    it('GET /proposals/:id/history: confidential steps only for the agencies, an agency consolidation only for its officers, PO and PD before the panel', async () => {
      await each(
        'GET proposal history',
        (a) => api.get(`/proposals/${proposal}/history`, a.person.token),
        (f) => (sees(f) ? 200 : 404),
      );
    });

    it('GET /proposals lists the proposal exactly to those who may read it', async () => {
      for (const actor of actors) {
        const res = await api.get(`/proposals?callId=${w.callId}`, actor.person.token);
        check(actor, 'GET proposals', res, 200);
        expect({
          actor: actor.name,
          listed: (res.body.items as { id: string }[]).some((i) => i.id === proposal),
        }).toEqual({ actor: actor.name, listed: !!sees(actor.f) });
      }
    });

    it('GET /proposals/:id/reviews: each reader gets only the reviews and fields they may see', async () => {
      await each(
        'GET reviews',
        (a) => api.get(`/proposals/${proposal}/reviews`, a.person.token),
        (f) => (sees(f) ? 200 : 404),
      );
      const count = async (person: Person) =>
        (await api.get(`/proposals/${proposal}/reviews`, person.token)).body.items.length;
      expect(await count(w.admin)).toBe(2);
      expect(await count(w.people[A].program_officer)).toBe(1);
      expect(await count(w.people[B].panel_member)).toBe(0);
      expect(await count(w.people[A].applicant)).toBe(0);
    });

    it('GET /proposals/:id/panel: the agencies only; another agency consolidation stays hidden before the panel', async () => {
      await each(
        'GET panel',
        (a) => api.get(`/proposals/${proposal}/panel`, a.person.token),
        (f) => (sees(f) && internal(f) ? 200 : 404),
      );
    });

    it('POST WAIVE_CONFLICT: only a PD of the agency it is for', async () => {
      await each(
        'WAIVE_CONFLICT',
        (a) =>
          api.event(
            'proposals',
            proposal,
            { type: 'WAIVE_CONFLICT', agency: A, reviewerUserId: idleReviewerA.userId, justification: 'x' },
            a.person.token,
          ),
        (f) => (!sees(f) ? 404 : f.manages === 'A' && f.role === 'program_director' ? 422 : 403),
      );
    });

    it('POST COMPLETE_AGENCY_REVIEW: only the PO or officer of the agency it is for', async () => {
      await each(
        'COMPLETE_AGENCY_REVIEW',
        (a) =>
          api.event(
            'proposals',
            proposal,
            { type: 'COMPLETE_AGENCY_REVIEW', agency: A, score: 9, recommendation: 'fund', summary: 'x' },
            a.person.token,
          ),
        (f) => (!sees(f) ? 404 : invites(f) ? 422 : 403),
      );
    });
  });

  describe('assignments', () => {
    const seesAssignment = (f: Flags, agency: 'A' | 'B') =>
      f.admin || f.reviews === agency || managesUnconflicted(f, agency);

    it('GET /assignments/:id and its history: the reviewer and the managers of its agency only', async () => {
      for (const agency of ['A', 'B'] as const) {
        await each(
          `GET assignment ${agency}`,
          (a) => api.get(`/assignments/${assignment[agency]}`, a.person.token),
          (f) => (seesAssignment(f, agency) ? 200 : 404),
        );
        await each(
          `GET assignment ${agency} history`,
          (a) => api.get(`/assignments/${assignment[agency]}/history`, a.person.token),
          (f) => (seesAssignment(f, agency) ? 200 : 404),
        );
      }
    });

    it("GET /assignments?callId lists exactly the assignments each caller may read; 403 to those with no role that reads the call's", async () => {
      for (const actor of actors) {
        const res = await api.get(`/assignments?callId=${w.callId}`, actor.person.token);
        check(actor, 'GET assignments', res, callStatus(actor.f, readsAssignments(actor.f)));
        if (res.status !== 200) continue;
        const expected = (['A', 'B'] as const)
          .filter((x) => seesAssignment(actor.f, x))
          .map((x) => assignment[x])
          .sort();
        expect({ actor: actor.name, ids: (res.body.items as { id: string }[]).map((i) => i.id).sort() }).toEqual({
          actor: actor.name,
          ids: expected,
        });
      }
    });

    it('POST /assignments/:id/events: the agency staff may send WITHDRAW (refused by the state), the reviewer may not', async () => {
      await each(
        'WITHDRAW assignment',
        (a) => api.event('assignments', assignment.A, { type: 'WITHDRAW', reason: 'x' }, a.person.token),
        // The rule names the agency's staff, not administrators.
        (f) => (!seesAssignment(f, 'A') ? 404 : f.reviews === 'A' || f.admin ? 403 : 409),
      );
    });

    it("POST /assignments: only A's PO and officer invite A's reviewers, and the program rules still apply", async () => {
      await each(
        'POST assignment',
        (a) =>
          api.post(
            '/assignments',
            { proposalId: proposal, reviewerId: conflictedReviewerA.reviewerId, agency: A },
            a.person.token,
          ),
        (f) => (!sees(f) ? 404 : invites(f) || f.admin ? 422 : 403),
      );
    });

    it('POST /calls/:id/assignments/proposed and bulk: the inviting staff of the agency only', async () => {
      await each(
        'POST proposed',
        (a) => api.post(`/calls/${w.callId}/assignments/proposed`, { agency: A }, a.person.token),
        (f) => (f.outsider ? 404 : invites(f) || f.admin ? 200 : 403),
      );
      await each(
        'POST bulk',
        (a) => api.post(`/calls/${w.callId}/assignments/bulk`, { agency: A, assignments: [] }, a.person.token),
        (f) => (f.outsider ? 404 : invites(f) || f.admin ? 201 : 403),
      );
    });
  });

  describe('reviewer pools', () => {
    it("GET, POST and PATCH /agencies/:code/reviewers: the agency's officers, PO and PD only; 404 to those who hold no role at it", async () => {
      const may = (f: Flags) => f.admin || f.manages === 'A';
      // Those with no role at A cannot see it: its pool is not there for them (404), as any object of it.
      const refused = (a: Actor) => (a.person.actor.grants.some((g) => g.agency === A) ? 403 : 404);
      for (const actor of actors) {
        check(
          actor,
          'GET pool',
          await api.get(`/agencies/${A}/reviewers`, actor.person.token),
          may(actor.f) ? 200 : refused(actor),
        );
        const patch = await api.patch(
          `/agencies/${A}/reviewers/${idleReviewerA.reviewerId}`,
          { expertise: ['geodesy'] },
          actor.person.token,
        );
        check(actor, 'PATCH pool', patch, may(actor.f) ? 200 : refused(actor));
      }
      for (const actor of actors) {
        const person = await factory.person('applicant', await factory.agency());
        const res = await api.post(
          `/agencies/${A}/reviewers`,
          { email: person.email, name: 'New reviewer', institution: `Inst ${randomUUID()}` },
          actor.person.token,
        );
        check(actor, 'POST pool', res, may(actor.f) ? 201 : refused(actor));
      }
    });
  });

  describe('ranking, selection and exports', () => {
    it("GET ranking and the ranking and board exports: the agencies' staff", async () => {
      for (const path of ['ranking', 'exports/ranking.csv', 'exports/board-decisions.csv']) {
        await each(
          `GET ${path}`,
          (a) => api.get(`/calls/${w.callId}/${path}`, a.person.token),
          (f) => callStatus(f, internal(f)),
        );
      }
    });

    it("GET the proposed selection: the agencies' officers, PO and PD", async () => {
      await each(
        'GET selection/proposed',
        (a) => api.get(`/calls/${w.callId}/selection/proposed`, a.person.token),
        (f) => callStatus(f, !!(f.admin || f.manages)),
      );
    });

    it('GET the assignments export: as the list by call, its reviewers (their own), officers, PO and PD', async () => {
      await each(
        'GET assignments.csv',
        (a) => api.get(`/calls/${w.callId}/exports/assignments.csv`, a.person.token),
        (f) => callStatus(f, readsAssignments(f)),
      );
    });

    it("GET an agency's selection export: as the proposed selection, every agency's officers, PO and PD (the joint plan is shared)", async () => {
      for (const agency of [A, B])
        await each(
          `GET selection.csv of ${agency}`,
          (a) => api.get(`/calls/${w.callId}/exports/selection.csv?agency=${agency}`, a.person.token),
          (f) => callStatus(f, !!(f.admin || f.manages)),
        );
    });

    it("streams no line of the proposal to the agency's staff it is hidden from (conflicted), and every line to the others", async () => {
      const conflicted = actors.find((a) => a.name === 'conflicted PO of B')!;
      const poB = w.people[B].program_officer;
      for (const path of ['assignments.csv', 'reviews.csv', 'board-decisions.csv', 'ranking.csv']) {
        const hidden = await api.get(`/calls/${w.callId}/exports/${path}`, conflicted.person.token);
        expect([path, hidden.status]).toEqual([path, 200]);
        expect(hidden.text.trimEnd().split('\r\n')).toHaveLength(1); // the header alone
        expect(hidden.text).not.toContain(proposal);
      }
      for (const path of ['assignments.csv', 'reviews.csv']) {
        const seen = await api.get(`/calls/${w.callId}/exports/${path}`, poB.token);
        expect([path, seen.status]).toEqual([path, 200]);
        expect(seen.text).toContain(proposal);
      }
      const selection = await api.get(`/calls/${w.callId}/exports/selection.csv?agency=${B}`, conflicted.person.token);
      expect(selection.status).toBe(200);
      expect(selection.text).not.toContain(proposal);
    });

    it('GET the reviews export: everyone who sees the call, each with only the reviews and fields they may see', async () => {
      await each(
        'GET reviews.csv',
        (a) => api.get(`/calls/${w.callId}/exports/reviews.csv`, a.person.token),
        (f) => callStatus(f, true),
      );
    });
  });
  describe('duplicate funding', () => {
    it("serves the other proposal's title to the administrator, so the leak check below checks something", async () => {
      const res = await api.get(`/proposals/${proposal}/duplicate-funding`, w.admin.token);
      expect(res.text).toContain(secret.otherTitle);
      const officer = await api.get(`/proposals/${proposal}/duplicate-funding`, w.people[A].program_officer.token);
      expect(officer.body.researchers[0].overlaps).toEqual([
        {
          visible: false,
          status: 'pending',
          startsOn: expect.any(String),
          endsOn: expect.any(String),
          effortPercent: 50,
        },
      ]);
    });

    it("GET the check: the staff of the proposal's agencies; 403 for applicants and reviewers; 404 for those who do not see it", async () => {
      await each(
        'GET duplicate-funding',
        (a) => api.get(`/proposals/${proposal}/duplicate-funding`, a.person.token),
        (f) => (!sees(f) ? 404 : internal(f) ? 200 : 403),
      );
    });

    it("GET the call's duplicate-funding export: as the check, the staff of the call's agencies (each with only the proposals they read the check of); 403 for applicants and reviewers", async () => {
      await each(
        'GET duplicate-funding.csv',
        (a) => api.get(`/calls/${w.callId}/exports/duplicate-funding.csv`, a.person.token),
        (f) => callStatus(f, internal(f)),
      );
    });

    it("PUT an agency's twin: that agency's officers, PO and PD", async () => {
      const twin = {
        system: 'e-Rad',
        reference: 'JP-1',
        title: 'Twin',
        principalInvestigators: ['Hanako Sato'],
        budget: 60_000_000,
        startsOn: '2027-04-01',
        endsOn: '2030-03-31',
      };
      await each(
        'PUT twin',
        (a) => api.put(`/proposals/${proposal}/twins/${A}`, twin, a.person.token),
        (f) => (!sees(f) ? 404 : managesUnconflicted(f, 'A') ? 200 : 403),
      );
    });

    it('POST a ruling: the program directors of its agencies only', async () => {
      await each(
        'POST ruling',
        (a) =>
          api.post(
            `/proposals/${proposal}/duplicate-funding/rulings`,
            { ruling: 'cleared', note: 'No overlap of substance.' },
            a.person.token,
          ),
        (f) => (!sees(f) ? 404 : f.role === 'program_director' && !f.conflicted ? 201 : 403),
      );
    });
  });
});
