import { DomainException, ErrorCode } from '../../src/common/domain.exception.js';
import { FIRST_FISCAL_YEAR as FY, Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { parseCsv } from '../support/csv.js';
import { client, expectProblem, expectStatus, type Client, type Resource } from '../support/http.js';

/**
 * The joint review of a bilateral call of 12 proposals over real HTTP, with 3 reviewers of each
 * agency per proposal: conflicts detected and refused (one across agencies), one waived; bulk and
 * automatic assignment; reviews; one agency's consolidation sent back once; the panel's consensus
 * signed off by both agencies; ranking with a manual move; the counterpart's envelope forcing a
 * waitlist; the steering committee and the board, which rejects one proposal and defers another;
 * results to every PI in the outbox; a redress request decided. Tests run in order.
 */

const DAY = 24 * 3600 * 1000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** Quality of proposal i: 10 good ones in decreasing order, then 2 below the call's thresholds. */
const quality = (i: number) => (i < 10 ? Math.round((5 - i * 0.2) * 10) / 10 : i === 10 ? 2 : 1.5);
/** A confidential comment, unique to its assignment, so a leak is traced to its review. */
const note = (agency: string, i: number, assignmentId: string) =>
  `CONFIDENTIAL-NOTE-${agency}-${i}-${assignmentId.slice(0, 8)}`;
const panelRecommendation = (i: number) => (i < 6 ? 'fund' : i < 10 ? 'reserve' : 'do_not_fund');

describe('joint review of a bilateral call', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let lead: string;
  let cp: string;
  const who = (agency: string, role: string): Person => w.people[agency][role];
  let callId = '';
  const proposals: string[] = [];
  const applicants: Person[] = [];
  const pool: Record<string, (Person & { reviewerId: string })[]> = {};
  /** assignment id -> reviewer */
  const reviewerOf = new Map<string, Person & { reviewerId: string }>();

  async function send(resource: Resource, id: string, person: Person, body: Record<string, unknown>, status = 200) {
    const res = await api.event(resource, id, body, person.token);
    expectStatus(res, status);
    return res.body;
  }
  const stateOf = async (id: string) => (await api.get(`/proposals/${id}`, w.admin.token)).body.state as string;
  const assignmentsOf = async (agency: string) => {
    const res = await api.get(`/assignments?callId=${callId}&agency=${agency}&limit=200`, w.admin.token);
    expectStatus(res, 200);
    return res.body.items as { id: string; proposalId: string; reviewer: { id: string }; state: string }[];
  };

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world({ callState: 'draft' });
    lead = w.lead;
    cp = w.counterpart;
    // Four counterpart parties of 450,000 (150,000 a year) fit its envelope; the fifth does not.
    callId = await factory.call(
      w,
      {
        agencies: [
          { code: lead, role: 'lead', budgetEnvelope: 1_000_000_000, capPerProjectPerYear: 30_000_000 },
          { code: cp, role: 'counterpart', budgetEnvelope: 2_000_000, capPerProjectPerYear: 200_000 },
        ],
      },
      'draft',
    );
  });
  afterAll(() => sut.close());

  describe('set-up', () => {
    it('lets the lead agency set up the review and the counterpart add its own criterion', async () => {
      const body = await send('calls', callId, who(lead, 'program_officer'), {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: 3,
        totalThreshold: 2.5,
        criteria: [
          { key: 'excellence', label: 'Scientific excellence', weight: 0.5, threshold: 2 },
          { key: 'collaboration', label: 'Added value of the collaboration', weight: 0.3 },
          { key: 'feasibility', label: 'Feasibility', weight: 0.2 },
        ],
        reviewersSeeOthers: true,
        reviewDue: at(20),
        redressDays: 30,
      });
      expect(body.progress.review).toMatchObject({
        minReviewersPerAgency: 3,
        totalThreshold: 2.5,
        reviewersSeeOthers: true,
        redressDays: 30,
      });
      const added = await send('calls', callId, who(cp, 'program_officer'), {
        type: 'ADD_AGENCY_CRITERIA',
        criteria: [{ key: 'broader_impacts', label: 'Broader impacts', weight: 0.2 }],
      });
      expect(
        added.progress.review.criteria.map((c: { key: string; agency: string | null }) => [c.key, c.agency]),
      ).toEqual([
        ['excellence', null],
        ['collaboration', null],
        ['feasibility', null],
        ['broader_impacts', cp],
      ]);
    });

    it('refuses a review set-up whose threshold is off the scale', async () => {
      const res = await api.event(
        'calls',
        callId,
        { type: 'CONFIGURE_REVIEW', totalThreshold: 9 },
        who(lead, 'program_officer').token,
      );
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual(['the total threshold is outside the scale 1-5']);
    });

    it('takes 12 proposals with distinct institutions through submission and eligibility to review', async () => {
      await send('calls', callId, who(lead, 'program_officer'), { type: 'ANNOUNCE' });
      await send('calls', callId, who(lead, 'program_officer'), { type: 'OPEN' });
      for (let i = 0; i < 12; i++) {
        const applicant = await factory.person('applicant', i % 2 === 0 ? lead : cp);
        applicants.push(applicant);
        const res = await api.post(
          '/proposals',
          factory.proposalDto(w, {
            callId,
            title: `Joint project ${String(i).padStart(2, '0')}`,
            keywords: i % 2 === 0 ? ['seismology', 'landslides'] : ['hydrology', 'floods'],
            parties: [
              {
                agency: lead,
                piName: `Lead PI ${i}`,
                piEmail: `lead.pi.${i}@example.ac.jp`,
                institution: `Lead University ${i}`,
                country: 'JP',
                budgetPerYear: [20_000_000, 20_000_000, 20_000_000],
              },
              {
                agency: cp,
                piName: `CP PI ${i}`,
                institution: `CP University ${i}`,
                country: 'US',
                budgetPerYear: [150_000, 150_000, 150_000],
              },
            ],
          }),
          applicant.token,
        );
        expectStatus(res, 201);
        proposals.push(res.body.id);
        await send('proposals', res.body.id, applicant, { type: 'SUBMIT' });
      }
      await send('calls', callId, who(lead, 'program_officer'), { type: 'CLOSE' });
      await send('calls', callId, who(lead, 'program_officer'), { type: 'START_REVIEW' });
      for (const id of proposals) {
        await send('proposals', id, who(lead, 'program_officer'), { type: 'START_ELIGIBILITY_CHECK' });
        await send('proposals', id, who(lead, 'program_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
        const body = await send('proposals', id, who(cp, 'agency_officer'), {
          type: 'RULE_ELIGIBILITY',
          eligible: true,
        });
        expect(body.state).toBe('under_review');
      }
    });

    it("builds each agency's reviewer pool through the API, and answers the other agency's staff 404", async () => {
      for (const agency of [lead, cp]) {
        pool[agency] = [];
        for (let r = 0; r < 6; r++) {
          const person = await factory.person('applicant', await factory.agency()); // a user elsewhere, not yet a reviewer here
          const institution =
            agency === lead && r === 0
              ? 'Lead University 0'
              : agency === cp && r === 1
                ? 'Lead University 3'
                : `${agency} Institute ${r}`;
          const coauthors = agency === cp && r === 0 ? ['Lead  PI 1'] : [];
          const res = await api.post(
            `/agencies/${agency}/reviewers`,
            {
              email: person.email,
              name: `Dr. ${agency} Expert ${r}`,
              institution,
              expertise: r % 2 === 0 ? ['seismology'] : ['floods', 'hydrology'],
              recentCoauthors: coauthors,
            },
            who(agency, 'program_officer').token,
          );
          expectStatus(res, 201);
          const reviewer = {
            ...person,
            reviewerId: res.body.id as string,
            actor: { userId: person.userId, grants: [...person.actor.grants, { role: 'reviewer' as const, agency }] },
          };
          pool[agency].push(reviewer);
        }
      }
      const foreign = await api.post(
        `/agencies/${lead}/reviewers`,
        { email: w.outsider.email, name: 'x', institution: 'y' },
        who(cp, 'program_officer').token,
      );
      // The counterpart's officer holds no role at the lead agency: its pool is not theirs to see (404).
      expectProblem(foreign, 404, 'not-found');
      const list = await api.get(`/agencies/${cp}/reviewers`, who(cp, 'agency_officer').token);
      expectStatus(list, 200);
      expect(list.body.items).toHaveLength(6);
    });
  });

  describe('conflicts of interest and assignments', () => {
    it('refuses a reviewer of the same institution as a party, with the reason', async () => {
      const res = await api.post(
        '/assignments',
        { proposalId: proposals[0], reviewerId: pool[lead][0].reviewerId },
        who(lead, 'program_officer').token,
      );
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual([
        `conflict of interest (same-institution): the reviewer works at the institution of the ${lead} party's principal investigator`,
      ]);
    });

    it("detects across agencies: a counterpart reviewer who co-authored with the lead's PI, or works at the lead party's institution", async () => {
      const coauthor = await api.post(
        '/assignments',
        { proposalId: proposals[1], reviewerId: pool[cp][0].reviewerId },
        who(cp, 'program_officer').token,
      );
      expectProblem(coauthor, 422, 'rule-violated');
      expect(coauthor.body.reasons).toEqual([
        `conflict of interest (co-author): the ${lead} party's principal investigator is a recent co-author of the reviewer`,
      ]);
      const institution = await api.post(
        '/assignments',
        { proposalId: proposals[3], reviewerId: pool[cp][1].reviewerId },
        who(cp, 'program_officer').token,
      );
      expectProblem(institution, 422, 'rule-violated');
    });

    it("lets the counterpart's PD waive the co-author conflict in writing, after which the invitation goes through", async () => {
      const forbidden = await api.event(
        'proposals',
        proposals[1],
        { type: 'WAIVE_CONFLICT', reviewerUserId: pool[cp][0].userId, justification: 'x' },
        who(cp, 'program_officer').token,
      );
      expectProblem(forbidden, 403, 'forbidden');
      const body = await send('proposals', proposals[1], who(cp, 'program_director'), {
        type: 'WAIVE_CONFLICT',
        reviewerUserId: pool[cp][0].userId,
        justification: 'The joint paper is a 200-author consortium report; no working relationship.',
      });
      expect(body.progress.waivedConflicts).toEqual([
        { agency: cp, reviewerUserId: pool[cp][0].userId, kind: 'co-author' },
      ]);
      const res = await api.post(
        '/assignments',
        { proposalId: proposals[1], reviewerId: pool[cp][0].reviewerId },
        who(cp, 'program_officer').token,
      );
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ state: 'invited', agency: cp, workflow: 'review-assignment@2' });
      reviewerOf.set(res.body.id, pool[cp][0]);
    });

    it('refuses to waive what is not a conflict', async () => {
      const res = await api.event(
        'proposals',
        proposals[5],
        { type: 'WAIVE_CONFLICT', reviewerUserId: pool[cp][3].userId, justification: 'none' },
        who(cp, 'program_director').token,
      );
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual([
        `the user has no conflict of interest with this proposal that ${cp} may waive (a reviewer of ${cp}'s pool, not a party, not waived yet)`,
      ]);
    });

    it("proposes the lead's assignment of the whole call: 3 per proposal, no conflicted pair, balanced load; the PO confirms it as proposed", async () => {
      const res = await api.post(`/calls/${callId}/assignments/proposed`, {}, who(lead, 'program_officer').token);
      expectStatus(res, 200);
      const pairs = res.body.plan.pairs as { proposalId: string; reviewerId: string; matchedKeywords: number }[];
      expect(res.body.plan.shortfalls).toEqual([]);
      expect(pairs).toHaveLength(36);
      for (const id of proposals) expect(pairs.filter((p) => p.proposalId === id)).toHaveLength(3);
      expect(pairs.some((p) => p.proposalId === proposals[0] && p.reviewerId === pool[lead][0].reviewerId)).toBe(false);
      const loads = (res.body.plan.loads as { load: number }[]).map((l) => l.load);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);

      const confirm = await api.post(
        `/calls/${callId}/assignments/bulk`,
        { fingerprint: res.body.fingerprint, dueAt: at(20) },
        who(lead, 'program_officer').token,
      );
      expectStatus(confirm, 201);
      expect(confirm.body.created).toBe(36);
    });

    it("proposes the counterpart's assignment around the earlier invitation and conflicts; the PO confirms the adjusted list", async () => {
      const res = await api.post(
        `/calls/${callId}/assignments/proposed`,
        { agency: cp },
        who(cp, 'program_officer').token,
      );
      expectStatus(res, 200);
      const pairs = res.body.plan.pairs as { proposalId: string; reviewerId: string }[];
      expect(pairs).toHaveLength(35);
      expect(pairs.filter((p) => p.proposalId === proposals[1])).toHaveLength(2);
      expect(pairs.some((p) => p.proposalId === proposals[3] && p.reviewerId === pool[cp][1].reviewerId)).toBe(false);
      const confirm = await api.post(
        `/calls/${callId}/assignments/bulk`,
        { assignments: pairs.map(({ proposalId, reviewerId }) => ({ proposalId, reviewerId })) },
        who(cp, 'program_officer').token,
      );
      expectStatus(confirm, 201);
      expect(confirm.body.created).toBe(35);
      for (const agency of [lead, cp]) {
        for (const a of await assignmentsOf(agency))
          reviewerOf.set(
            a.id,
            pool[agency].find((r) => r.reviewerId === a.reviewer.id)!,
          );
      }
    });

    it('keeps the proposal closed to an invited reviewer until they accept', async () => {
      const [a] = (await assignmentsOf(lead)).filter((x) => x.proposalId === proposals[2]);
      const reviewer = reviewerOf.get(a.id)!;
      expectProblem(await api.get(`/proposals/${proposals[2]}`, reviewer.token), 404, 'not-found');
      const invitation = await api.get(`/assignments/${a.id}`, reviewer.token);
      expectStatus(invitation, 200);
      expect(invitation.body.proposal.title).toBe('Joint project 02');
      expect(invitation.body.allowedEvents.sort()).toEqual(['ACCEPT', 'DECLINE']);
      const res = await api.event('assignments', a.id, { type: 'ACCEPT', declaresNoConflict: true }, reviewer.token);
      expectStatus(res, 200);
      expect(res.body.state).toBe('accepted');
      expectStatus(await api.get(`/proposals/${proposals[2]}`, reviewer.token), 200);
    });

    it('records a declared conflict when a reviewer declines for one, hides the proposal from them, and the PO fills the gap', async () => {
      const [a] = (await assignmentsOf(cp)).filter((x) => x.proposalId === proposals[4] && x.state === 'invited');
      const reviewer = reviewerOf.get(a.id)!;
      const body = await send('assignments', a.id, reviewer, {
        type: 'DECLINE',
        reason: 'I supervised the US PI until last year.',
        conflictOfInterest: true,
      });
      expect(body.state).toBe('declined');
      const again = await api.post(
        '/assignments',
        { proposalId: proposals[4], reviewerId: reviewer.reviewerId },
        who(cp, 'program_officer').token,
      );
      expectProblem(again, 422, 'rule-violated');
      expect(again.body.reasons).toContain(
        'conflict of interest (declared): the reviewer declared a conflict of interest: I supervised the US PI until last year.',
      );
      const proposed = await api.post(
        `/calls/${callId}/assignments/proposed`,
        { agency: cp },
        who(cp, 'program_officer').token,
      );
      expect(proposed.body.plan.pairs).toHaveLength(1);
      expect(proposed.body.plan.pairs[0].proposalId).toBe(proposals[4]);
      const confirm = await api.post(
        `/calls/${callId}/assignments/bulk`,
        { agency: cp, fingerprint: proposed.body.fingerprint },
        who(cp, 'program_officer').token,
      );
      expectStatus(confirm, 201);
      const [filled] = confirm.body.assignmentIds as string[];
      const row = (await assignmentsOf(cp)).find((x) => x.id === filled)!;
      reviewerOf.set(
        filled,
        pool[cp].find((r) => r.reviewerId === row.reviewer.id)!,
      );
    });

    it('lets every invited reviewer accept', async () => {
      for (const agency of [lead, cp]) {
        for (const a of (await assignmentsOf(agency)).filter((x) => x.state === 'invited')) {
          await send('assignments', a.id, reviewerOf.get(a.id)!, { type: 'ACCEPT', declaresNoConflict: true });
        }
      }
      for (const agency of [lead, cp]) {
        const active = (await assignmentsOf(agency)).filter((x) => x.state === 'accepted');
        expect(active).toHaveLength(36);
      }
    });
  });

  describe('reviews', () => {
    const scoresFor = (agency: string, i: number) => ({
      excellence: quality(i),
      collaboration: quality(i),
      feasibility: quality(i),
      ...(agency === cp ? { broader_impacts: quality(i) } : {}),
    });

    it('saves a draft and refuses an incomplete submission with the missing parts', async () => {
      const [a] = (await assignmentsOf(cp)).filter((x) => x.proposalId === proposals[0]);
      const reviewer = reviewerOf.get(a.id)!;
      await send('assignments', a.id, reviewer, {
        type: 'SAVE_DRAFT',
        scores: { excellence: 5 },
        confidentialComments: 'CONFIDENTIAL-NOTE-cp-0',
      });
      const res = await api.event(
        'assignments',
        a.id,
        { type: 'SUBMIT_REVIEW', scores: { collaboration: 5 } },
        reviewer.token,
      );
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual([
        'criterion feasibility has no score',
        'criterion broader_impacts has no score',
        'the review has no recommendation',
        'the review has no comments to the applicants',
      ]);
      const own = await api.get(`/assignments/${a.id}`, reviewer.token);
      expect(own.body.review).toMatchObject({ scores: { excellence: 5 }, submittedAt: null });
    });

    it('refuses a consolidation before the minimum reviews are in', async () => {
      const res = await api.event(
        'proposals',
        proposals[11],
        { type: 'COMPLETE_AGENCY_REVIEW', score: 2, recommendation: 'do_not_fund', summary: 'Too early.' },
        who(lead, 'program_officer').token,
      );
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual([`${lead} has 0 submitted review(s); the call requires 3`]);
    });

    it('has every reviewer submit before the due date', async () => {
      for (const agency of [lead, cp]) {
        for (const a of await assignmentsOf(agency)) {
          if (a.state !== 'accepted') continue;
          const i = proposals.indexOf(a.proposalId);
          const body = await send('assignments', a.id, reviewerOf.get(a.id)!, {
            type: 'SUBMIT_REVIEW',
            scores: scoresFor(agency, i),
            recommendation: i < 10 ? 'fund' : 'do_not_fund',
            commentsToApplicants: `Comments to the applicants of project ${i} from ${agency}.`,
            confidentialComments: note(agency, i, a.id),
          });
          expect(body.state).toBe('submitted');
        }
      }
    });

    it("shows a reviewer the others' reviews after submitting, without identities or confidential comments", async () => {
      const [a] = (await assignmentsOf(lead)).filter((x) => x.proposalId === proposals[6]);
      const res = await api.get(`/proposals/${proposals[6]}/reviews`, reviewerOf.get(a.id)!.token);
      expectStatus(res, 200);
      const others = (
        res.body.items as { reviewer?: unknown; confidentialComments?: unknown; assignmentId?: string }[]
      ).filter((r) => r.assignmentId !== a.id);
      expect(others).toHaveLength(5);
      for (const r of others) {
        expect(r.reviewer).toBeUndefined();
        expect(r.confidentialComments).toBeUndefined();
      }
      expect(JSON.stringify(others)).not.toMatch(/CONFIDENTIAL-NOTE/);
    });

    it("shows each agency's staff only their own agency's reviews before the panel", async () => {
      const res = await api.get(`/proposals/${proposals[6]}/reviews`, who(lead, 'program_officer').token);
      expect((res.body.items as { agency: string }[]).map((r) => r.agency)).toEqual([lead, lead, lead]);
      expect(res.body.items[0].confidentialComments).toMatch(new RegExp(`^CONFIDENTIAL-NOTE-${lead}-6-`));
      const panel = await api.get(`/proposals/${proposals[6]}/reviews`, who(cp, 'panel_member').token);
      expect(panel.body.items).toEqual([]);
    });
  });

  describe('agency consolidation', () => {
    const assess = (i: number) => ({
      score: quality(i),
      recommendation: i < 10 ? 'fund' : 'do_not_fund',
      summary: `Consolidated view of project ${i}.`,
    });

    it("lets the lead's PD send its consolidation back once, with a reason, and the PO complete it again", async () => {
      await send('proposals', proposals[0], who(lead, 'program_officer'), {
        type: 'COMPLETE_AGENCY_REVIEW',
        ...assess(0),
        score: 3,
      });
      const back = await send('proposals', proposals[0], who(lead, 'program_director'), {
        type: 'SEND_BACK_AGENCY_REVIEW',
        reason: 'The score ignores the reviewers; please revise.',
      });
      expect(back.progress.reviewsCompleted).toEqual({});
      expect(back.progress.sendBacks).toEqual([
        { agency: lead, reason: 'The score ignores the reviewers; please revise.' },
      ]);
      const [effect] = await sut.dataSource.query(
        `SELECT payload FROM outbox WHERE instance_id = $1 AND payload ->> 'template' = 'agency-review-sent-back'`,
        [proposals[0]],
      );
      expect(effect.payload).toMatchObject({ audience: ['event-agency-staff'], data: { agency: lead } });
      await send('proposals', proposals[0], who(lead, 'program_officer'), {
        type: 'COMPLETE_AGENCY_REVIEW',
        ...assess(0),
      });
    });

    it('moves every proposal to the joint panel once both agencies have completed their review', async () => {
      for (const [i, id] of proposals.entries()) {
        if (i !== 0)
          await send('proposals', id, who(lead, 'program_officer'), { type: 'COMPLETE_AGENCY_REVIEW', ...assess(i) });
        const body = await send('proposals', id, who(cp, 'agency_officer'), {
          type: 'COMPLETE_AGENCY_REVIEW',
          ...assess(i),
        });
        expect(body.state).toBe('joint_panel');
      }
    });

    it('shows an applicant the proposal still under review, with none of the internals', async () => {
      const res = await api.get(`/proposals/${proposals[0]}`, applicants[0].token);
      expect(res.body.state).toBe('under_review');
      expect(Object.keys(res.body.progress).sort()).toEqual(['informationRequest', 'redress', 'result']);
      const history = await api.get(`/proposals/${proposals[0]}/history`, applicants[0].token);
      const events = (history.body.items as { event: string; to: string }[]).map((i) => i.event);
      expect(events).not.toContain('SEND_BACK_AGENCY_REVIEW');
      expect(events).not.toContain('COMPLETE_AGENCY_REVIEW');
      expectProblem(await api.get(`/proposals/${proposals[0]}/panel`, applicants[0].token), 404, 'not-found');
      const byInternalState = await api.get(`/proposals?callId=${callId}&state=joint_panel`, applicants[0].token);
      expect(byInternalState.body.total).toBe(0);
      const byOwnState = await api.get(`/proposals?callId=${callId}&state=under_review`, applicants[0].token);
      expect(byOwnState.body.items.map((i: { id: string; state: string }) => [i.id, i.state])).toEqual([
        [proposals[0], 'under_review'],
      ]);
      const staff = await api.get(`/proposals?callId=${callId}&state=joint_panel`, who(cp, 'board_member').token);
      expect(staff.body.total).toBe(12);
      expect((await api.get(`/proposals/${proposals[0]}/reviews`, applicants[0].token)).body.items).toEqual([]);
    });

    it('filters the lists of those shown the real state by the real state: none of the joint panel is under review', async () => {
      for (const person of [w.admin, who(cp, 'board_member'), who(lead, 'program_officer')]) {
        const underReview = await api.get(`/proposals?callId=${callId}&state=under_review`, person.token);
        expectStatus(underReview, 200);
        expect(underReview.body.items).toEqual([]);
        const atPanel = await api.get(`/proposals?callId=${callId}&state=joint_panel&limit=100`, person.token);
        expect(atPanel.body.items.map((i: { state: string }) => i.state)).toEqual(proposals.map(() => 'joint_panel'));
      }
    });

    it("sorts an applicant's list by the state they are shown, not the internal one, page by page", async () => {
      // A second proposal of the same applicant, submitted in another open call: `submitted` sorts
      // after the real `joint_panel` but before the `under_review` the applicant is shown.
      const applicant = applicants[0];
      const otherCall = await factory.call(w);
      const created = await api.post('/proposals', factory.proposalDto(w, { callId: otherCall }), applicant.token);
      expectStatus(created, 201);
      const other = created.body.id as string;
      await send('proposals', other, applicant, { type: 'SUBMIT' });
      const shown = async (path: string, person: Person) => {
        const res = await api.get(path, person.token);
        expectStatus(res, 200);
        return res.body as { items: { id: string; state: string }[]; next: string | null };
      };
      const ascending = await shown('/proposals?sort=state', applicant);
      expect(ascending.items.map((i) => [i.id, i.state])).toEqual([
        [other, 'submitted'],
        [proposals[0], 'under_review'],
      ]);
      const descending = await shown('/proposals?sort=-state', applicant);
      expect(descending.items.map((i) => i.id)).toEqual([proposals[0], other]);
      // By cursor, one a page: the second page follows the first in the shown order.
      const first = await shown('/proposals?sort=state&limit=1', applicant);
      const second = await shown(`/proposals?sort=state&limit=1&cursor=${first.next}`, applicant);
      expect([...first.items, ...second.items].map((i) => i.id)).toEqual([other, proposals[0]]);
      expect(second.next).toBeNull();
      // Staff of the agencies sort by the real state (joint_panel before submitted).
      const staff = await shown(`/proposals?sort=state&limit=100`, who(lead, 'program_officer'));
      const ids = staff.items.map((i) => i.id);
      expect(ids.indexOf(proposals[0])).toBeLessThan(ids.indexOf(other));
      await send('proposals', other, applicant, { type: 'WITHDRAW' });
    });
  });

  describe('joint panel', () => {
    it("shares every agency's reviews and assessments with the panel of both agencies", async () => {
      await send('calls', callId, who(lead, 'program_officer'), { type: 'START_PANEL', date: at(25) });
      const reviews = await api.get(`/proposals/${proposals[6]}/reviews`, who(cp, 'panel_member').token);
      expect(reviews.body.items).toHaveLength(6);
      const panel = await api.get(`/proposals/${proposals[6]}/panel`, who(cp, 'panel_member').token);
      expectStatus(panel, 200);
      expect(panel.body.assessments.map((a: { agency: string }) => a.agency).sort()).toEqual([lead, cp].sort());
    });

    it('refuses a recommendation below the thresholds with the reasons', async () => {
      const res = await api.event(
        'proposals',
        proposals[10],
        { type: 'RECORD_PANEL_RESULT', recommendation: 'fund', score: 2 },
        who(lead, 'panel_member').token,
      );
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual([
        'a consensus score of 2 is below the threshold of 2.5: the proposal cannot be recommended',
      ]);
    });

    it('lets an agency reopen a result it has not signed', async () => {
      await send('proposals', proposals[5], who(lead, 'panel_member'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: 'reserve',
        score: quality(5),
        minutes: 'First reading.',
      });
      await send('proposals', proposals[5], who(lead, 'program_director'), { type: 'SIGN_OFF_PANEL' });
      const reopened = await send('proposals', proposals[5], who(cp, 'program_director'), {
        type: 'REOPEN_PANEL',
        reason: 'The US reviews were not discussed.',
      });
      expect(reopened.progress).toMatchObject({ panel: null, panelSignOffs: {} });
      const refused = await api.event(
        'proposals',
        proposals[5],
        { type: 'REOPEN_PANEL', reason: 'again' },
        who(cp, 'program_director').token,
      );
      expectProblem(refused, 422, 'rule-violated');
    });

    it('makes the consensus final only once both agencies have signed it', async () => {
      for (const [i, id] of proposals.entries()) {
        await send('proposals', id, who(i % 2 ? cp : lead, 'panel_member'), {
          type: 'RECORD_PANEL_RESULT',
          recommendation: panelRecommendation(i),
          score: quality(i),
          minutes: `Panel discussion of project ${i}.`,
        });
        const first = await send('proposals', id, who(lead, 'program_director'), { type: 'SIGN_OFF_PANEL' });
        expect(first.state).toBe('joint_panel');
        const second = await send('proposals', id, who(cp, 'program_director'), { type: 'SIGN_OFF_PANEL' });
        expect(second.state).toBe(i < 10 ? 'recommended' : 'not_recommended');
      }
    });
  });

  describe('ranking and selection', () => {
    it('draws the joint ranking from the consensus, with each agency rank, and keeps a manual move with its reason', async () => {
      await send('calls', callId, who(lead, 'program_officer'), { type: 'START_SELECTION' });
      const res = await api.get(`/calls/${callId}/ranking`, who(cp, 'program_officer').token);
      expectStatus(res, 200);
      expect(res.body.items.map((r: { proposalId: string }) => proposals.indexOf(r.proposalId))).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
      expect(res.body.items[0].agencyRanks).toEqual({ [lead]: 1, [cp]: 1 });
      await send('calls', callId, who(lead, 'program_director'), {
        type: 'MOVE_IN_RANKING',
        proposalId: proposals[7],
        position: 2,
        reason: 'Strategic priority of both governments.',
      });
      const moved = await api.get(`/calls/${callId}/ranking`, who(lead, 'program_officer').token);
      expect(moved.body.items.map((r: { proposalId: string }) => proposals.indexOf(r.proposalId))).toEqual([
        0, 7, 1, 2, 3, 4, 5, 6, 8, 9,
      ]);
      expect(moved.body.items[1]).toMatchObject({
        position: 2,
        computedPosition: 8,
        moves: [{ from: 8, to: 2, reason: 'Strategic priority of both governments.' }],
      });
    });

    it("proposes a selection in which the counterpart's envelope forces a waitlist", async () => {
      const res = await api.get(`/calls/${callId}/selection/proposed`, who(cp, 'program_director').token);
      expectStatus(res, 200);
      const decisions = Object.fromEntries(
        (res.body.items as { proposalId: string; decision: string }[]).map((i) => [
          proposals.indexOf(i.proposalId),
          i.decision,
        ]),
      );
      expect(decisions).toEqual({
        0: 'select',
        7: 'select',
        1: 'select',
        2: 'select',
        3: 'waitlist',
        4: 'waitlist',
        5: 'waitlist',
        6: 'waitlist',
        8: 'waitlist',
        9: 'waitlist',
      });
      expect(res.body.items.find((i: { proposalId: string }) => i.proposalId === proposals[3]).blockedBy).toEqual([cp]);
      // A co-owned call: 666,666 a fiscal year over five years; the four selected take 600,000 of each of three.
      const year = (fiscalYear: number, used: number) => ({
        fiscalYear,
        envelope: 666_666,
        used,
        remaining: 666_666 - used,
      });
      expect(res.body.budgets.find((b: { agency: string }) => b.agency === cp)).toEqual({
        agency: cp,
        envelope: 3_333_330,
        used: 1_800_000,
        remaining: 1_533_330,
        // Nothing recorded by the agency yet: its decisions hold nothing of the envelope.
        held: 0,
        byFiscalYear: [
          year(FY, 600_000),
          year(FY + 1, 600_000),
          year(FY + 2, 600_000),
          year(FY + 3, 0),
          year(FY + 4, 0),
        ],
      });
    });

    it('refuses a selection beyond the envelope, then takes each agency confirming the proposed one', async () => {
      const proposed = (await api.get(`/calls/${callId}/selection/proposed`, who(cp, 'program_director').token)).body
        .items as { proposalId: string; decision: string }[];
      const greedy = proposed.map((i) => ({ proposalId: i.proposalId, decision: 'select' }));
      const refused = await api.event(
        'calls',
        callId,
        { type: 'CONFIRM_SELECTION', decisions: greedy },
        who(cp, 'program_director').token,
      );
      expectProblem(refused, 422, 'rule-violated');
      expect(refused.body.reasons).toEqual(
        [FY, FY + 1, FY + 2].map((fy) => `the selection uses 1500000 of ${cp}'s envelope of 666666 for FY${fy}`),
      );
      for (const agency of [lead, cp]) {
        await send('calls', callId, who(agency, 'program_director'), {
          type: 'CONFIRM_SELECTION',
          decisions: proposed.map(({ proposalId, decision }) => ({ proposalId, decision })),
        });
      }
      expect(await stateOf(proposals[7])).toBe('selected');
      expect(await stateOf(proposals[3])).toBe('waitlisted');
      // After the confirmations the proposed selection says what each agency recorded beside the plan.
      const after = (await api.get(`/calls/${callId}/selection/proposed`, who(cp, 'program_director').token)).body;
      for (const item of after.items as { proposalId: string; decision: string; recorded: Record<string, string> }[])
        expect(item.recorded).toEqual({ [lead]: item.decision, [cp]: item.decision });
      expect(after.budgets.find((b: { agency: string }) => b.agency === cp).held).toBe(1_800_000);
    });
  });

  describe('steering committee, board and results', () => {
    it('takes the steering committee opinions and its recommendation', async () => {
      await send('calls', callId, who(lead, 'program_director'), { type: 'SUBMIT_TO_BOARD' });
      const early = await api.event(
        'calls',
        callId,
        { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve' },
        who(lead, 'steering_committee_member').token,
      );
      expectProblem(early, 422, 'rule-violated');
      await send('calls', callId, who(lead, 'steering_committee_member'), {
        type: 'RECORD_OPINION',
        recommendation: 'approve',
        opinion: 'Balanced list.',
      });
      await send('calls', callId, who(cp, 'steering_committee_member'), {
        type: 'RECORD_OPINION',
        recommendation: 'approve_with_changes',
        opinion: 'Project 01 overlaps a funded one.',
      });
      const body = await send('calls', callId, who(lead, 'steering_committee_member'), {
        type: 'CONCLUDE_DELIBERATION',
        recommendation: 'approve_with_changes',
      });
      expect(body.state).toBe('board_review.board_meeting');
    });

    it('records the board meeting, which approves the list, rejects one item and defers another', async () => {
      const early = await api.event(
        'calls',
        callId,
        { type: 'BOARD_APPROVE_SELECTION' },
        who(lead, 'board_member').token,
      );
      expectProblem(early, 422, 'rule-violated');
      await send('calls', callId, who(lead, 'board_member'), {
        type: 'RECORD_BOARD_MEETING',
        date: at(40),
        attendees: ['Chair', 'Member A', 'Member B'],
      });
      const body = await send('calls', callId, who(lead, 'board_member'), {
        type: 'BOARD_APPROVE_SELECTION',
        note: 'Approved with one rejection and one deferral.',
        rejections: [{ proposalId: proposals[1], reason: 'Overlaps a funded project.' }],
        deferrals: [{ proposalId: proposals[2], until: at(70), reason: 'Awaiting the partner ministry.' }],
      });
      expect(body.state).toBe('board_decided');
      expect(await stateOf(proposals[0])).toBe('board_approved');
      expect(await stateOf(proposals[7])).toBe('board_approved');
      expect(await stateOf(proposals[1])).toBe('board_rejected');
      expect(await stateOf(proposals[2])).toBe('deferred');
      const [timer] = await sut.dataSource.query(`SELECT name, event, state FROM timers WHERE instance_id = $1`, [
        proposals[2],
      ]);
      expect(timer).toMatchObject({
        name: 'board-deferred-item',
        event: { type: 'BRING_BACK_TO_BOARD' },
        state: 'scheduled',
      });
    });

    it("announces the results: every decided proposal's PIs get the decision with the comments to the applicants", async () => {
      await send('calls', callId, who(lead, 'program_officer'), { type: 'ANNOUNCE_RESULTS' });
      const expected: Record<number, string> = {
        0: 'awarded',
        7: 'awarded',
        1: 'not_funded',
        3: 'not_funded',
        10: 'not_funded',
        11: 'not_funded',
      };
      for (const [i, state] of Object.entries(expected)) expect(await stateOf(proposals[Number(i)])).toBe(state);
      expect(await stateOf(proposals[2])).toBe('deferred');
      const rows: {
        instance_id: string;
        payload: {
          audience: string[];
          data: { decision: string; commentsToApplicants: { agency: string; comments: string }[] };
        };
      }[] = await sut.dataSource.query(
        `SELECT instance_id, payload FROM outbox WHERE instance_id = ANY($1) AND payload ->> 'template' = 'results-to-pi'`,
        [proposals],
      );
      expect(rows).toHaveLength(11);
      const of = (i: number) => rows.find((r) => r.instance_id === proposals[i])!.payload;
      expect(of(0)).toMatchObject({ audience: ['owners', 'principal-investigators'], data: { decision: 'awarded' } });
      expect(of(1).data.decision).toBe('not_funded');
      expect(of(0).data.commentsToApplicants).toHaveLength(6);
      expect(JSON.stringify(rows)).not.toMatch(/CONFIDENTIAL-NOTE/);
    });

    it('shows the applicants their result and the comments to them, never reviewer identities or confidential comments', async () => {
      const proposal = await api.get(`/proposals/${proposals[1]}`, applicants[1].token);
      expect(proposal.body.state).toBe('not_funded');
      expect(proposal.body.progress.result).toMatchObject({ decision: 'not_funded' });
      const reviews = await api.get(`/proposals/${proposals[1]}/reviews`, applicants[1].token);
      expect(reviews.body.items).toHaveLength(6);
      for (const r of reviews.body.items)
        expect(Object.keys(r).sort()).toEqual(['agency', 'commentsToApplicants', 'label']);
      expect(JSON.stringify(reviews.body)).not.toMatch(/CONFIDENTIAL-NOTE|Expert/);
    });

    it('brings the deferred item back to the board at its later meeting, which approves it', async () => {
      await factory.send('proposal', proposals[2], { type: 'BRING_BACK_TO_BOARD' });
      await send('proposals', proposals[2], who(lead, 'board_member'), { type: 'BOARD_APPROVE' });
      const body = await send('proposals', proposals[2], who(lead, 'program_officer'), { type: 'ANNOUNCE_RESULT' });
      expect(body.state).toBe('awarded');
    });
  });

  describe('redress', () => {
    it('takes a redress request within the period, and the PD dismisses it with reasons', async () => {
      const requested = await send('proposals', proposals[10], applicants[10], {
        type: 'REQUEST_REDRESS',
        grounds: 'Two reviews address another proposal.',
      });
      expect(requested.state).toBe('redress_requested');
      const decided = await send('proposals', proposals[10], who(lead, 'program_director'), {
        type: 'DECIDE_REDRESS',
        outcome: 'dismiss',
        reasons: 'The reviews were checked and concern this proposal.',
      });
      expect(decided.state).toBe('closed');
      const [effect] = await sut.dataSource.query(
        `SELECT payload FROM outbox WHERE instance_id = $1 AND payload ->> 'template' = 'redress-decided'`,
        [proposals[10]],
      );
      expect(effect.payload.audience).toContain('owners');
    });

    it('keeps the redress window open until its end: the closing timer is refused before it', async () => {
      await expect(factory.send('proposal', proposals[11], { type: 'CLOSE_REDRESS_WINDOW' })).rejects.toMatchObject({
        code: ErrorCode.RuleViolated,
      });
      expect(await stateOf(proposals[11])).toBe('not_funded');
      const error = await factory
        .send('proposal', proposals[11], { type: 'CLOSE_REDRESS_WINDOW' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainException);
    });
  });

  describe('exports', () => {
    it('exports assignments, reviews, ranking, selection and board decisions as CSV', async () => {
      const po = who(cp, 'program_officer');
      for (const path of ['assignments', 'reviews', 'ranking', 'selection', 'board-decisions']) {
        const res = await api.get(`/calls/${callId}/exports/${path}.csv`, po.token);
        expectStatus(res, 200);
        expect(res.headers['content-type']).toMatch(/^text\/csv/);
        expect(res.text.split('\r\n').length).toBeGreaterThan(2);
      }
      const reviews = await api.get(`/calls/${callId}/exports/reviews.csv`, po.token);
      expect(reviews.text).toMatch(/CONFIDENTIAL-NOTE/);
      const board = await api.get(`/calls/${callId}/exports/board-decisions.csv`, po.token);
      expect(board.text).toContain('Overlaps a funded project.');
    });

    it('streams each export with the rows the JSON reads give, under the same headers and quoting', async () => {
      const po = who(lead, 'program_officer');
      const titles = new Map(proposals.map((id, i) => [id, `Joint project ${String(i).padStart(2, '0')}`]));
      const csv = async (path: string, person: Person = po) => {
        const res = await api.get(`/calls/${callId}/exports/${path}`, person.token);
        expectStatus(res, 200);
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
        return parseCsv(res.text);
      };

      const [rankingHeader, ...ranking] = await csv('ranking.csv');
      expect(rankingHeader).toEqual([
        'position',
        'computed_position',
        'proposal_id',
        'proposal_title',
        'consensus_score',
        'recommendation',
        `rank_${lead}`,
        `rank_${cp}`,
        'moves',
      ]);
      const items = (await api.get(`/calls/${callId}/ranking`, po.token)).body.items as {
        position: number;
        computedPosition: number;
        proposalId: string;
        title: string;
        consensusScore: number;
        recommendation: string;
        agencyRanks: Record<string, number | null>;
        moves: { from: number; to: number; reason: string }[];
      }[];
      expect(ranking).toEqual(
        items.map((i) => [
          String(i.position),
          String(i.computedPosition),
          i.proposalId,
          i.title,
          String(i.consensusScore),
          i.recommendation,
          String(i.agencyRanks[lead] ?? ''),
          String(i.agencyRanks[cp] ?? ''),
          i.moves.map((m) => `${m.from}->${m.to}: ${m.reason}`).join(' | '),
        ]),
      );
      expect(ranking.some((r) => r[8] === '8->2: Strategic priority of both governments.')).toBe(true);

      const [selectionHeader, ...selection] = await csv(`selection.csv?agency=${cp}`, who(cp, 'program_director'));
      expect(selectionHeader).toEqual([
        'position',
        'proposal_id',
        'proposal_title',
        'requested_from_agency',
        'proposed',
        'decision',
        'state',
        'envelope',
        'proposed_use',
      ]);
      const proposed = (await api.get(`/calls/${callId}/selection/proposed`, who(cp, 'program_director').token)).body;
      const budget = proposed.budgets.find((b: { agency: string }) => b.agency === cp);
      expect(selection.map((r) => [r[0], r[1], r[3], r[4], r[7], r[8]])).toEqual(
        proposed.items.map(
          (i: { position: number; proposalId: string; requests: Record<string, number>; decision: string }) => [
            String(i.position),
            i.proposalId,
            String(i.requests[cp] ?? 0),
            i.decision,
            String(budget.envelope),
            String(budget.used),
          ],
        ),
      );
      for (const r of selection) {
        expect(r[2]).toBe(titles.get(r[1]));
        expect(r[6]).toBe(await stateOf(r[1]));
      }

      const [assignmentHeader, ...assignments] = await csv('assignments.csv');
      expect(assignmentHeader).toEqual([
        'assignment_id',
        'proposal_id',
        'proposal_title',
        'agency',
        'reviewer',
        'reviewer_institution',
        'state',
        'due_at',
        'invited_at',
      ]);
      const listed = await assignmentsOf(lead);
      expect(assignments.map((r) => r[0]).sort()).toEqual(listed.map((a) => a.id).sort());
      expect(assignments.map((r) => r[2])).toEqual(assignments.map((r) => r[2]).sort());
      for (const r of assignments) {
        const a = listed.find((x) => x.id === r[0])!;
        expect([r[1], r[2], r[3], r[6]]).toEqual([a.proposalId, titles.get(a.proposalId), lead, a.state]);
      }

      const [boardHeader, ...board] = await csv('board-decisions.csv');
      expect(boardHeader).toEqual([
        'proposal_id',
        'proposal_title',
        'board_meeting',
        'decision',
        'reason',
        'deferred_to',
        'state',
      ]);
      const decided: { id: string }[] = await sut.dataSource.query(
        `SELECT p.id FROM proposals p JOIN workflow_projections wp ON wp.instance_id = p.id
          WHERE p.call_id = $1 AND wp.board IS NOT NULL ORDER BY p.title, p.id`,
        [callId],
      );
      expect(board.map((r) => r[0])).toEqual(decided.map((d) => d.id));
      expect(board.find((r) => r[0] === proposals[1])?.slice(3, 5)).toEqual(['rejected', 'Overlaps a funded project.']);

      const [reviewsHeader] = await csv('reviews.csv');
      expect(reviewsHeader).toEqual([
        'proposal_id',
        'proposal_title',
        'agency',
        'review',
        'reviewer',
        'total',
        'recommendation',
        'scores',
        'comments_to_applicants',
        'confidential_comments',
        'submitted_at',
      ]);
    });

    it("never exports another's confidential comments to a reviewer, nor any to an applicant", async () => {
      const [a] = (await assignmentsOf(lead)).filter((x) => x.proposalId === proposals[6]);
      const reviewer = reviewerOf.get(a.id)!;
      const own = new Set(
        (await assignmentsOf(lead))
          .filter((x) => reviewerOf.get(x.id)?.userId === reviewer.userId)
          .map((x) => note(lead, proposals.indexOf(x.proposalId), x.id)),
      );
      const mine = await api.get(`/calls/${callId}/exports/reviews.csv`, reviewer.token);
      expectStatus(mine, 200);
      const notes = mine.text.match(/CONFIDENTIAL-NOTE-[A-Z0-9-]+-\d+-[0-9a-f]{8}/g) ?? [];
      expect(notes.length).toBeGreaterThan(0);
      expect(notes.filter((n) => !own.has(n))).toEqual([]);
      expect(mine.text.split('\r\n').length).toBeGreaterThan(notes.length + 2); // others' reviews are there, without their notes

      const applicant = await api.get(`/calls/${callId}/exports/reviews.csv`, applicants[1].token);
      expectStatus(applicant, 200);
      expect(applicant.text).toContain('Comments to the applicants of project 1');
      expect(applicant.text).not.toMatch(/CONFIDENTIAL-NOTE|Expert/);
    });
  });
});
