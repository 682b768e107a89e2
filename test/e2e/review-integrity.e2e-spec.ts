import { Factory, unique, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { UsersService } from '../../src/modules/users/users.service.js';
import { client, expectProblem, expectStatus, type Client } from '../support/http.js';

/**
 * The review's tenancy and integrity over HTTP: an agency's reviewer pool cannot reach another
 * agency's staff; a conflict is waived only by the PD of the reviewer's own agency, one named
 * conflict at a time, and a waiver is offered only where there is one to waive; a reviewer holds
 * one active assignment per proposal however many invitations race. Proposal parties: the lead's
 * PI Hanako Sato (Tohoku University), the counterpart's PI Alex Smith (University of Washington).
 */
describe('review tenancy and integrity', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let A: string, B: string;
  let proposal = '';
  const who = (agency: string, role: string): Person => w.people[agency][role];
  const due = new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString();
  const allowed = async (person: Person) =>
    (await api.get(`/proposals/${proposal}`, person.token)).body.allowedEvents as string[];

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    [A, B] = [w.lead, w.counterpart];
    proposal = await factory.proposal(w, {}, { submit: true });
    await factory.send('proposal', proposal, { type: 'START_ELIGIBILITY_CHECK' }, who(A, 'program_officer').actor);
    for (const agency of [A, B])
      await factory.send(
        'proposal',
        proposal,
        { type: 'RULE_ELIGIBILITY', eligible: true },
        who(agency, 'agency_officer').actor,
      );
  });
  afterAll(() => sut.close());

  describe('reviewer pools', () => {
    it("refuses to put another agency's staff in a pool, granting nothing, so their own agency's proposals stay visible to them", async () => {
      for (const role of ['program_officer', 'program_director', 'board_member']) {
        const staff = who(B, role);
        const res = await api.post(
          `/agencies/${A}/reviewers`,
          { email: staff.email, name: 'Target', institution: 'University of Washington' },
          who(A, 'agency_officer').token,
        );
        expectProblem(res, 422, 'rule-violated');
        expect(res.body.reasons).toEqual([
          'the user is staff of another agency or an administrator: a reviewer pool holds only researchers, not the staff of other agencies',
        ]);
        expectStatus(await api.get(`/proposals/${proposal}`, staff.token), 200);
      }
      expect(
        await factory.dataSource.query(`SELECT role FROM role_grants WHERE user_id = $1 ORDER BY role`, [
          who(B, 'program_officer').userId,
        ]),
      ).toEqual([{ role: 'program_officer' }]);
      const pool = await api.get(`/agencies/${A}/reviewers`, who(A, 'agency_officer').token);
      expect((pool.body.items as { userId: string }[]).map((r) => r.userId)).not.toContain(
        who(B, 'program_officer').userId,
      );
    });

    it("takes a researcher who applies or reviews at another agency, and the agency's own staff", async () => {
      const researcher = await factory.person('applicant', B);
      const res = await api.post(
        `/agencies/${A}/reviewers`,
        { email: researcher.email, name: 'A researcher', institution: 'Kyoto University' },
        who(A, 'agency_officer').token,
      );
      expectStatus(res, 201);
      const own = await api.post(
        `/agencies/${A}/reviewers`,
        { email: who(A, 'panel_member').email, name: 'Own panel member', institution: 'Osaka University' },
        who(A, 'agency_officer').token,
      );
      expectStatus(own, 201);
    });
  });

  describe('a pool member who becomes staff of another agency', () => {
    const NOT_POOLABLE =
      'the user is staff of another agency or an administrator: a reviewer pool holds only researchers, not the staff of other agencies';
    const assignmentsOf = async (userId: string) =>
      (
        await factory.dataSource.query(`SELECT count(*)::int AS n FROM assignments WHERE reviewer_user_id = $1`, [
          userId,
        ])
      )[0].n as number;

    it('can be invited by no path (single, bulk, reassignment) and is left out of the proposed assignment', async () => {
      const member = await factory.reviewer(A, {
        institution: `Kobe University ${unique()}`,
        expertise: ['catalysis'],
      });
      const po = who(A, 'program_officer');
      // Someone else's assignment, to reassign to the member.
      const other = await factory.reviewer(A, { institution: `Hiroshima University ${unique()}` });
      const held = await api.post(
        '/assignments',
        { proposalId: proposal, reviewerId: other.reviewerId, dueAt: due },
        po.token,
      );
      expectStatus(held, 201);

      await sut.app.get(UsersService).grant(member.email, 'agency_officer', B);

      const single = await api.post(
        '/assignments',
        { proposalId: proposal, reviewerId: member.reviewerId, dueAt: due },
        po.token,
      );
      expectProblem(single, 422, 'rule-violated');
      expect(single.body.reasons).toEqual([NOT_POOLABLE]);

      const bulk = await api.post(
        `/calls/${w.callId}/assignments/bulk`,
        { assignments: [{ proposalId: proposal, reviewerId: member.reviewerId }], dueAt: due },
        po.token,
      );
      expectProblem(bulk, 422, 'rule-violated');
      expect(bulk.body.reasons).toEqual([`proposal ${proposal}, reviewer ${member.reviewerId}: ${NOT_POOLABLE}`]);

      const reassign = await api.event(
        'assignments',
        held.body.id,
        { type: 'REASSIGN', reviewerId: member.reviewerId, reason: 'Workload.' },
        po.token,
      );
      expectProblem(reassign, 422, 'rule-violated');
      expect(reassign.body.reasons).toEqual([NOT_POOLABLE]);
      expect((await api.get(`/assignments/${held.body.id}`, po.token)).body.state).toBe('invited');
      expect(await assignmentsOf(member.userId)).toBe(0);

      const proposed = await api.post(`/calls/${w.callId}/assignments/proposed`, {}, po.token);
      expectStatus(proposed, 200);
      expect((proposed.body.plan.loads as { reviewerId: string }[]).map((l) => l.reviewerId)).not.toContain(
        member.reviewerId,
      );
      expect((proposed.body.plan.pairs as { reviewerId: string }[]).map((p) => p.reviewerId)).not.toContain(
        member.reviewerId,
      );
      expect((proposed.body.plan.loads as { reviewerId: string }[]).map((l) => l.reviewerId)).toContain(
        other.reviewerId,
      );
      const confirmed = await api.post(
        `/calls/${w.callId}/assignments/bulk`,
        { fingerprint: proposed.body.fingerprint, dueAt: due },
        po.token,
      );
      expectStatus(confirmed, 201);
      expect(await assignmentsOf(member.userId)).toBe(0);
    });
  });

  describe('conflict waivers', () => {
    let coauthor: Person & { reviewerId: string };

    it('offers no waiver while no reviewer of the agency has a conflict with the proposal', async () => {
      expect(await allowed(who(A, 'program_director'))).not.toContain('WAIVE_CONFLICT');
      const res = await api.event(
        'proposals',
        proposal,
        { type: 'WAIVE_CONFLICT', reviewerUserId: who(B, 'reviewer').userId, justification: 'x' },
        who(A, 'program_director').token,
      );
      expectProblem(res, 422, 'rule-violated');
    });

    it("offers the waiver to the PD of the conflicted reviewer's agency only; another agency's PD may not waive it", async () => {
      // A co-author of the counterpart's PI who also works at the lead party's institution: two conflicts.
      coauthor = await factory.reviewer(A, { institution: 'Tohoku University', coauthors: ['Alex Smith'] });
      expect(await allowed(who(A, 'program_director'))).toContain('WAIVE_CONFLICT');
      expect(await allowed(who(B, 'program_director'))).not.toContain('WAIVE_CONFLICT');
      const foreign = await api.event(
        'proposals',
        proposal,
        { type: 'WAIVE_CONFLICT', reviewerUserId: coauthor.userId, kind: 'co-author', justification: 'x' },
        who(B, 'program_director').token,
      );
      expectProblem(foreign, 422, 'rule-violated');
      expect(foreign.body.reasons).toEqual([
        `the user has no conflict of interest with this proposal that ${B} may waive (a reviewer of ${B}'s pool, not a party, not waived yet)`,
      ]);
      expect(
        await factory.dataSource.query(`SELECT 1 FROM conflict_waivers WHERE proposal_id = $1`, [proposal]),
      ).toEqual([]);
    });

    it('lifts exactly the one conflict named: the reviewer stays conflicted by the other', async () => {
      const unnamed = await api.event(
        'proposals',
        proposal,
        { type: 'WAIVE_CONFLICT', reviewerUserId: coauthor.userId, justification: 'x' },
        who(A, 'program_director').token,
      );
      expectProblem(unnamed, 422, 'rule-violated');
      expect(unnamed.body.reasons).toEqual([
        'the user has several conflicts with this proposal (co-author, same-institution): name the one to waive in kind',
      ]);

      const res = await api.event(
        'proposals',
        proposal,
        {
          type: 'WAIVE_CONFLICT',
          reviewerUserId: coauthor.userId,
          kind: 'co-author',
          justification: 'A 200-author consortium report.',
        },
        who(A, 'program_director').token,
      );
      expectStatus(res, 200);
      expect(res.body.progress.waivedConflicts).toEqual([
        { agency: A, reviewerUserId: coauthor.userId, kind: 'co-author' },
      ]);

      const invite = await api.post(
        '/assignments',
        { proposalId: proposal, reviewerId: coauthor.reviewerId, dueAt: due },
        who(A, 'program_officer').token,
      );
      expectProblem(invite, 422, 'rule-violated');
      expect(invite.body.reasons).toEqual([
        `conflict of interest (same-institution): the reviewer works at the institution of the ${A} party's principal investigator`,
      ]);
      expectProblem(await api.get(`/proposals/${proposal}`, coauthor.token), 404, 'not-found');

      const twice = await api.event(
        'proposals',
        proposal,
        { type: 'WAIVE_CONFLICT', reviewerUserId: coauthor.userId, kind: 'co-author', justification: 'x' },
        who(A, 'program_director').token,
      );
      expectProblem(twice, 422, 'rule-violated');
    });

    it("never waives a party's conflict", async () => {
      const applicant = w.people[A].applicant;
      const res = await api.event(
        'proposals',
        proposal,
        { type: 'WAIVE_CONFLICT', reviewerUserId: applicant.userId, justification: 'x' },
        who(A, 'program_director').token,
      );
      expectProblem(res, 422, 'rule-violated');
    });
  });

  describe('one active assignment per reviewer and proposal', () => {
    it('takes one of several concurrent invitations of the same reviewer and answers the others with a clean problem', async () => {
      const reviewer = await factory.reviewer(A, { institution: `Nagoya University ${unique()}` });
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          api.post(
            '/assignments',
            { proposalId: proposal, reviewerId: reviewer.reviewerId, dueAt: due },
            who(A, i % 2 ? 'program_officer' : 'agency_officer').token,
          ),
        ),
      );
      expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
      for (const r of answers.filter((x) => x.status !== 201)) {
        expect([409, 422]).toContain(r.status);
        expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(r.body.detail).toMatch(/the reviewer is already assigned to this proposal/);
      }
      const [{ n }] = await factory.dataSource.query(
        `SELECT count(*)::int AS n FROM assignments WHERE proposal_id = $1 AND reviewer_user_id = $2`,
        [proposal, reviewer.userId],
      );
      expect(n).toBe(1);
    });

    it('lets a reviewer who declined be invited again', async () => {
      const reviewer = await factory.reviewer(A, { institution: `Hokkaido University ${unique()}` });
      const first = await api.post(
        '/assignments',
        { proposalId: proposal, reviewerId: reviewer.reviewerId, dueAt: due },
        who(A, 'program_officer').token,
      );
      expectStatus(first, 201);
      expectStatus(
        await api.event(
          'assignments',
          first.body.id,
          { type: 'DECLINE', reason: 'On leave this month.' },
          reviewer.token,
        ),
        200,
      );
      const again = await api.post(
        '/assignments',
        { proposalId: proposal, reviewerId: reviewer.reviewerId, dueAt: due },
        who(A, 'program_officer').token,
      );
      expectStatus(again, 201);
      const duplicate = await api.post(
        '/assignments',
        { proposalId: proposal, reviewerId: reviewer.reviewerId, dueAt: due },
        who(A, 'program_officer').token,
      );
      expectProblem(duplicate, 422, 'rule-violated');
    });
  });

  describe('reassignment', () => {
    const po = () => who(A, 'program_officer');
    const invite = async (proposalId: string, reviewerId: string) => {
      const res = await api.post('/assignments', { proposalId, reviewerId, dueAt: due }, po().token);
      expectStatus(res, 201);
      return res.body.id as string;
    };

    it('hands the review to a reviewer the invitation rules allow, and refuses one already assigned, with the reason', async () => {
      const first = await factory.reviewer(A, { institution: `Kanazawa University ${unique()}` });
      const busy = await factory.reviewer(A, { institution: `Shinshu University ${unique()}` });
      const free = await factory.reviewer(A, { institution: `Gifu University ${unique()}` });
      const held = await invite(proposal, first.reviewerId);
      await invite(proposal, busy.reviewerId);
      expect((await api.get(`/assignments/${held}`, po().token)).body.allowedEvents).toContain('REASSIGN');

      const refused = await api.event(
        'assignments',
        held,
        { type: 'REASSIGN', reviewerId: busy.reviewerId, reason: 'Workload.' },
        po().token,
      );
      expectProblem(refused, 422, 'rule-violated');
      expect(refused.body.reasons).toEqual(['the reviewer is already assigned to this proposal']);
      expect((await api.get(`/assignments/${held}`, po().token)).body.state).toBe('invited');

      const reassigned = await api.event(
        'assignments',
        held,
        { type: 'REASSIGN', reviewerId: free.reviewerId, reason: 'Workload.' },
        po().token,
      );
      expectStatus(reassigned, 200);
      expect(reassigned.body.state).toBe('reassigned');
      const replacement = await factory.dataSource.query(
        `SELECT id, replaces_id FROM assignments WHERE proposal_id = $1 AND reviewer_user_id = $2`,
        [proposal, free.userId],
      );
      expect(replacement).toEqual([{ id: expect.any(String), replaces_id: held }]);
    });

    it("ends with the proposal's withdrawal: no reminder or overdue mark for a review nobody wants; a submitted review stays", async () => {
      const withdrawn = await factory.proposal(w, {}, { submit: true });
      await factory.send('proposal', withdrawn, { type: 'START_ELIGIBILITY_CHECK' }, po().actor);
      for (const agency of [A, B])
        await factory.send(
          'proposal',
          withdrawn,
          { type: 'RULE_ELIGIBILITY', eligible: true },
          who(agency, 'agency_officer').actor,
        );
      const [invited, drafting, done, other] = await Promise.all(
        ['Mie', 'Nara', 'Gifu', 'Shiga'].map((town) =>
          factory.reviewer(A, { institution: `${town} University ${unique()}` }),
        ),
      );
      const held = await invite(withdrawn, invited.reviewerId);
      const accepted = await invite(withdrawn, drafting.reviewerId);
      const submitted = await invite(withdrawn, done.reviewerId);
      for (const [id, reviewer] of [
        [accepted, drafting],
        [submitted, done],
      ] as const)
        expectStatus(
          await api.event('assignments', id, { type: 'ACCEPT', declaresNoConflict: true }, reviewer.token),
          200,
        );
      expectStatus(
        await api.event('assignments', accepted, { type: 'SAVE_DRAFT', recommendation: 'fund' }, drafting.token),
        200,
      );
      const scores = { excellence: 4, collaboration: 4, feasibility: 5 };
      expectStatus(
        await api.event(
          'assignments',
          submitted,
          { type: 'SUBMIT_REVIEW', scores, recommendation: 'fund', commentsToApplicants: 'A sound plan.' },
          done.token,
        ),
        200,
      );
      expect((await api.get(`/assignments/${held}`, po().token)).body.allowedEvents).toContain('REMIND');

      expectStatus(
        await api.event(
          'proposals',
          withdrawn,
          { type: 'WITHDRAW', reason: 'The team disbanded.' },
          w.people[A].applicant.token,
        ),
        200,
      );

      // The open assignments ended in the withdrawal's transaction, each logged as ended by it (the
      // applicants' reason stays the proposal's: its reviewers read their assignment's history).
      for (const id of [held, accepted]) {
        const view = await api.get(`/assignments/${id}`, po().token);
        expect(view.body.state).toBe('withdrawn');
        expect(view.body.allowedEvents).toEqual([]);
        const history = await api.get(`/assignments/${id}/history`, po().token);
        expect(history.body.items.at(-1)).toMatchObject({ event: 'PROPOSAL_WITHDRAWN', to: 'withdrawn', payload: {} });
      }
      expect((await api.get(`/assignments/${submitted}`, po().token)).body.state).toBe('submitted');
      // Nobody is reminded of them any more, by hand or in bulk, and none can be handed on.
      const remind = await api.event('assignments', held, { type: 'REMIND' }, po().token);
      expectProblem(remind, 409);
      const reassign = await api.event(
        'assignments',
        accepted,
        { type: 'REASSIGN', reviewerId: other.reviewerId, reason: 'Workload.' },
        po().token,
      );
      expectProblem(reassign, 409);
    });
  });
});
