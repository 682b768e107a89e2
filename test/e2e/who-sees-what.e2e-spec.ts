import request from 'supertest';
import { Factory, unique, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { client, expectStatus, type Client, type Resource } from '../support/http.js';
import { startSmtpSink, waitUntil, type SmtpSink } from '../support/smtp-sink.js';
import { settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

/**
 * README "Who sees what", over HTTP on the real service with a real worker and SMTP sink:
 * - notifications (inbox and e-mail) reach only users who may read their subject: nobody
 *   conflicted with the proposal, whether told by role (program officers, staff, panel, steering
 *   committee, board) or by name, and nobody of an agency the proposal does not belong to;
 * - histories (API and console timeline) show a reviewer's draft to that reviewer alone, and an
 *   agency's consolidation to its officers, PO and PD until the joint panel, as /panel does;
 * - `?verify=true` checks the instance's version and state against the head of its log.
 * Tests run in order.
 */

const DAY = 24 * 3600 * 1000;
const DRAFT_SECRET = `DRAFT-CONFIDENTIAL-${unique()}`;
const DRAFT_NOTE = `DRAFT-TO-APPLICANTS-${unique()}`;
const ASSESSMENT_SECRET = `ASSESSMENT-${unique()}`;

interface InboxItem {
  template: string;
  subject: string;
  about: { type: string; id: string };
}

describe('who sees what: notifications, histories, drafts and the audit check', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let lead: string;
  let cp: string;
  const who = (agency: string, role: string): Person => w.people[agency][role];
  /** Staff conflicted with every proposal of this world (its parties are factory.parties). */
  const conflicted = {} as Record<'poLead' | 'officerCp' | 'panelLead' | 'steeringCp' | 'boardLead', Person>;
  /** Submitted proposals: notified (then withdrawn), told by role and by name, reviewed. */
  const p = { notified: '', byRole: '', reviewed: '' };

  async function send(resource: Resource, id: string, person: Person, body: Record<string, unknown>) {
    const res = await api.event(resource, id, body, person.token);
    expectStatus(res, 200);
    return res.body;
  }

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    lead = w.lead;
    cp = w.counterpart;
    await factory.send(
      'call',
      w.callId,
      { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: new Date(Date.now() + 30 * DAY).toISOString() },
      who(lead, 'program_officer').actor,
    );

    // Each joins its agency's reviewer pool (through the API) with a profile that conflicts with the parties:
    // the lead PI's institution, or a PI among its recent co-authors.
    const profiles = {
      poLead: { agency: lead, role: 'program_officer', institution: 'Tohoku University', coauthors: [] },
      officerCp: { agency: cp, role: 'agency_officer', institution: 'Elsewhere', coauthors: ['Alex Smith'] },
      panelLead: { agency: lead, role: 'panel_member', institution: 'Elsewhere', coauthors: ['Hanako  Sato'] },
      steeringCp: {
        agency: cp,
        role: 'steering_committee_member',
        institution: 'University of Washington',
        coauthors: [],
      },
      boardLead: { agency: lead, role: 'board_member', institution: 'tohoku university', coauthors: [] },
    } as const;
    for (const [key, profile] of Object.entries(profiles)) {
      const person = await factory.person(profile.role, profile.agency);
      const res = await api.post(
        `/agencies/${profile.agency}/reviewers`,
        {
          email: person.email,
          name: `Conflicted ${key}`,
          institution: profile.institution,
          recentCoauthors: profile.coauthors,
        },
        who(profile.agency, 'program_officer').token,
      );
      expectStatus(res, 201);
      conflicted[key as keyof typeof conflicted] = person;
    }
    p.byRole = await factory.proposal(w, { title: `Told by role ${unique()}` }, { submit: true });
    p.reviewed = await factory.proposal(w, { title: `Reviewed ${unique()}` }, { submit: true });
  });
  afterAll(() => sut.close());

  describe('notifications', () => {
    let sink: SmtpSink;
    let worker: TestWorker;

    beforeAll(async () => {
      await settleEarlierEffects(sut.dataSource);
      sink = await startSmtpSink();
      worker = await startWorker({
        REDIS_URL: '',
        SMTP_URL: sink.url,
        RELAY_POLL_MS: '100',
        DELIVERY_BACKOFF_MS: '50',
      });
    });
    afterAll(async () => {
      await worker?.close();
      await sink?.close();
    });

    /** Waits until every notification of the template about the proposal is written and its e-mails delivered. */
    async function delivered(proposalId: string, template: string) {
      await waitUntil(
        async () => {
          const [row] = await sut.dataSource.query(
            `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'pending')::int AS pending FROM notifications WHERE instance_id = $1 AND template = $2`,
            [proposalId, template],
          );
          return row.n > 0 && row.pending === 0;
        },
        30_000,
        `${template} notifications`,
      );
    }

    /** Whether the person got the template about the proposal: [in the inbox, by e-mail]. */
    async function told(person: Person, proposalId: string, template: string): Promise<[boolean, boolean]> {
      const res = await api.get('/me/notifications?limit=100', person.token);
      expectStatus(res, 200);
      const inbox = (res.body.items as InboxItem[]).some((i) => i.about.id === proposalId && i.template === template);
      const mail = sink.to(person.email).some((m) => m.text.includes(proposalId));
      return [inbox, mail];
    }

    async function expectTold(template: string, proposalId: string, yes: Person[], no: Person[]) {
      for (const person of yes)
        expect({ person: person.email, told: await told(person, proposalId, template) }).toEqual({
          person: person.email,
          told: [true, true],
        });
      for (const person of no)
        expect({ person: person.email, told: await told(person, proposalId, template) }).toEqual({
          person: person.email,
          told: [false, false],
        });
    }

    it('tells the applicant and the program officers of a submitted proposal, but not a program officer conflicted with it', async () => {
      const created = await api.post(
        '/proposals',
        factory.proposalDto(w, { title: `Notified ${unique()}` }),
        who(lead, 'applicant').token,
      );
      expectStatus(created, 201);
      p.notified = created.body.id;
      await send('proposals', p.notified, who(lead, 'applicant'), { type: 'SUBMIT' });
      await delivered(p.notified, 'proposal-submitted');

      await expectTold(
        'proposal-submitted',
        p.notified,
        [who(lead, 'applicant'), who(lead, 'program_officer'), who(cp, 'program_officer')],
        [conflicted.poLead],
      );
      // What the notification would have named is a 404 to them.
      expect((await api.get(`/proposals/${p.notified}`, conflicted.poLead.token)).status).toBe(404);
    });

    it("tells the agencies' staff of a withdrawal, but none of its staff conflicted with the proposal", async () => {
      await send('proposals', p.notified, who(lead, 'applicant'), {
        type: 'WITHDRAW',
        reason: 'The consortium split.',
      });
      await delivered(p.notified, 'proposal-withdrawn');
      const staff = [lead, cp].flatMap((a) =>
        ['agency_officer', 'program_officer', 'program_director'].map((r) => who(a, r)),
      );
      await expectTold('proposal-withdrawn', p.notified, staff, [conflicted.poLead, conflicted.officerCp]);
    });

    it('resolves the panel, steering committee and board audiences, and users named by an effect, through the same filter', async () => {
      const [{ version }] = await sut.dataSource.query(`SELECT version FROM workflow_instances WHERE id = $1`, [
        p.byRole,
      ]);
      // Effects as the workflows write them: the panel's notice, the board's, and a notice to named users.
      await sut.dataSource.query(
        `INSERT INTO outbox (instance_id, transition_seq, kind, payload) VALUES
           ($1, $2, 'notify', '{"template": "panel-ready", "audience": ["panel-members"]}'),
           ($1, $2, 'notify', '{"template": "selection-ready-for-board", "audience": ["steering-committee", "board-members"]}'),
           ($1, $2, 'notify', jsonb_build_object('template', 'review-reminder', 'audience', '[]'::jsonb, 'recipients', $3::jsonb,
                                                 'data', jsonb_build_object('agency', $4::text, 'dueAt', $5::text)))`,
        [
          p.byRole,
          version,
          JSON.stringify([
            w.outsider.userId,
            who(cp, 'applicant').userId,
            conflicted.poLead.userId,
            who(lead, 'program_director').userId,
          ]),
          lead,
          new Date(Date.now() + 21 * 86_400_000).toISOString(),
        ],
      );
      for (const template of ['panel-ready', 'selection-ready-for-board', 'review-reminder'])
        await delivered(p.byRole, template);

      await expectTold(
        'panel-ready',
        p.byRole,
        [who(lead, 'panel_member'), who(cp, 'panel_member')],
        [conflicted.panelLead],
      );
      await expectTold(
        'selection-ready-for-board',
        p.byRole,
        [
          who(lead, 'steering_committee_member'),
          who(cp, 'steering_committee_member'),
          who(lead, 'board_member'),
          who(cp, 'board_member'),
        ],
        [conflicted.steeringCp, conflicted.boardLead],
      );
      // Named users too: only one who may read the proposal. Not a user of another agency, not an
      // applicant who does not own it, not a conflicted officer.
      await expectTold(
        'review-reminder',
        p.byRole,
        [who(lead, 'program_director')],
        [w.outsider, who(cp, 'applicant'), conflicted.poLead],
      );
    });
  });

  describe('histories', () => {
    let reviewerLead: Person & { reviewerId: string };
    let reviewerCp: Person & { reviewerId: string };
    const assignment = { lead: '', cp: '' };

    const historyOf = async (resource: Resource, id: string, person: Person) => {
      const res = await api.get(`/${resource}/${id}/history`, person.token);
      expectStatus(res, 200);
      return { text: res.text, items: res.body.items as { event: string; payload: Record<string, unknown> }[] };
    };
    const consoleAgent = async (person: Person) => {
      await withPassword(sut, person);
      const agent = request.agent(sut.url);
      const form = await agent.get('/console/sign-in').expect(200);
      const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
      await agent
        .post('/console/sign-in')
        .type('form')
        .send({ _csrf: csrf, email: person.email, password: PASSWORD })
        .expect(303);
      return agent;
    };

    beforeAll(async () => {
      const po = who(lead, 'program_officer');
      for (const type of ['CLOSE', 'START_REVIEW']) await send('calls', w.callId, po, { type });
      await send('proposals', p.reviewed, po, { type: 'START_ELIGIBILITY_CHECK' });
      await send('proposals', p.reviewed, po, { type: 'RULE_ELIGIBILITY', eligible: true });
      await send('proposals', p.reviewed, who(cp, 'program_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
      reviewerLead = await factory.reviewer(lead, { institution: 'Lead Review Institute' });
      reviewerCp = await factory.reviewer(cp, { institution: 'Counterpart Review Institute' });
      for (const [agency, reviewer] of [
        ['lead', reviewerLead],
        ['cp', reviewerCp],
      ] as const) {
        const invite = await api.post(
          '/assignments',
          { proposalId: p.reviewed, reviewerId: reviewer.reviewerId },
          who(agency === 'lead' ? lead : cp, 'program_officer').token,
        );
        expectStatus(invite, 201);
        assignment[agency] = invite.body.id;
        await send('assignments', invite.body.id, reviewer, { type: 'ACCEPT', declaresNoConflict: true });
      }
    });

    it("shows a reviewer's draft to that reviewer alone: not to the agency's staff nor the administrator, in the API or the console", async () => {
      await send('assignments', assignment.lead, reviewerLead, {
        type: 'SAVE_DRAFT',
        scores: { excellence: 2 },
        commentsToApplicants: DRAFT_NOTE,
        confidentialComments: DRAFT_SECRET,
      });

      const own = await historyOf('assignments', assignment.lead, reviewerLead);
      expect(own.items.find((i) => i.event === 'SAVE_DRAFT')!.payload).toMatchObject({
        confidentialComments: DRAFT_SECRET,
        commentsToApplicants: DRAFT_NOTE,
      });
      for (const reader of [
        who(lead, 'program_officer'),
        who(lead, 'agency_officer'),
        who(lead, 'program_director'),
        w.admin,
      ]) {
        const { text, items } = await historyOf('assignments', assignment.lead, reader);
        expect(items.find((i) => i.event === 'SAVE_DRAFT')!.payload).toEqual({});
        expect(text).not.toContain(DRAFT_SECRET);
        expect(text).not.toContain(DRAFT_NOTE);
        // The same as the assignment itself shows them: no review until it is submitted.
        expect((await api.get(`/assignments/${assignment.lead}`, reader.token)).body.review).toBeNull();
      }
      const page = await (
        await consoleAgent(who(lead, 'program_officer'))
      )
        .get(`/console/reviews/${assignment.lead}`)
        .expect(200);
      expect(page.text).toContain('data-event="SAVE_DRAFT"');
      expect(page.text).not.toContain(DRAFT_SECRET);
      expect(page.text).not.toContain(DRAFT_NOTE);
    });

    it("shows an agency's consolidation before the panel to its officers, PO and PD only, and from the panel on to the staff of every agency, as /panel does", async () => {
      // Once submitted, a review is its agency's to read, as the read model shows it.
      await send('assignments', assignment.lead, reviewerLead, {
        type: 'SUBMIT_REVIEW',
        scores: { excellence: 4, collaboration: 4, feasibility: 4 },
        recommendation: 'fund',
        commentsToApplicants: 'Well designed.',
        confidentialComments: 'Submitted confidential comment.',
      });
      const submitted = await historyOf('assignments', assignment.lead, who(lead, 'program_officer'));
      expect(submitted.items.find((i) => i.event === 'SUBMIT_REVIEW')!.payload).toMatchObject({
        confidentialComments: 'Submitted confidential comment.',
      });

      await send('proposals', p.reviewed, who(lead, 'program_officer'), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 4,
        recommendation: 'fund',
        summary: ASSESSMENT_SECRET,
      });
      const consolidation = async (person: Person) =>
        (await historyOf('proposals', p.reviewed, person)).items.find((i) => i.event === 'COMPLETE_AGENCY_REVIEW')!
          .payload;
      const onPanelPage = async (person: Person) =>
        (await api.get(`/proposals/${p.reviewed}/panel`, person.token)).text.includes(ASSESSMENT_SECRET);

      for (const reader of [
        who(lead, 'agency_officer'),
        who(lead, 'program_officer'),
        who(lead, 'program_director'),
        w.admin,
      ]) {
        expect(await consolidation(reader)).toMatchObject({ agency: lead, summary: ASSESSMENT_SECRET });
      }
      const others = [
        who(lead, 'panel_member'),
        who(lead, 'steering_committee_member'),
        who(lead, 'board_member'),
        who(cp, 'program_officer'),
        who(cp, 'board_member'),
      ];
      for (const reader of others) {
        expect({
          reader: reader.email,
          payload: await consolidation(reader),
          panel: await onPanelPage(reader),
        }).toEqual({ reader: reader.email, payload: { agency: lead }, panel: false });
      }
      const timeline = await (
        await consoleAgent(who(lead, 'board_member'))
      )
        .get(`/console/proposals/${p.reviewed}`)
        .expect(200);
      expect(timeline.text).toContain('data-event="COMPLETE_AGENCY_REVIEW"');
      expect(timeline.text).not.toContain(ASSESSMENT_SECRET);

      // The counterpart completes its review: the proposal goes to the joint panel, where the assessments are shared.
      await send('assignments', assignment.cp, reviewerCp, {
        type: 'SUBMIT_REVIEW',
        scores: { excellence: 4, collaboration: 4, feasibility: 4 },
        recommendation: 'fund',
        commentsToApplicants: 'Fine.',
      });
      const body = await send('proposals', p.reviewed, who(cp, 'program_officer'), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 4,
        recommendation: 'fund',
        summary: 'Counterpart assessment.',
      });
      expect(body.state).toBe('joint_panel');
      for (const reader of others) {
        expect({
          reader: reader.email,
          payload: await consolidation(reader),
          panel: await onPanelPage(reader),
        }).toEqual({
          reader: reader.email,
          payload: { agency: lead, score: 4, recommendation: 'fund', summary: ASSESSMENT_SECRET },
          panel: true,
        });
      }
      // Still nothing for those who do not see the agencies' internals.
      expect((await historyOf('proposals', p.reviewed, who(lead, 'applicant'))).text).not.toContain(ASSESSMENT_SECRET);
      expect((await historyOf('proposals', p.reviewed, reviewerLead)).text).not.toContain(ASSESSMENT_SECRET);
    });
  });

  describe('verify=true', () => {
    const verify = async () => {
      const res = await api.get(`/proposals/${p.byRole}/history?verify=true`, w.admin.token);
      expectStatus(res, 200);
      return res.body.verification;
    };

    it("reports valid while the instance's row agrees with its log", async () => {
      expect(await verify()).toMatchObject({ valid: true, checks: { chain: true, version: true, state: true } });
    });

    it('reports a state changed outside the engine (column and snapshot), naming the check that failed', async () => {
      const [before] = await sut.dataSource.query(`SELECT state, snapshot FROM workflow_instances WHERE id = $1`, [
        p.byRole,
      ]);
      await sut.dataSource.query(
        `UPDATE workflow_instances SET state = 'under_review', snapshot = jsonb_set(snapshot, '{value}', '"under_review"') WHERE id = $1`,
        [p.byRole],
      );
      try {
        const verification = await verify();
        expect(verification).toMatchObject({ valid: false, checks: { chain: true, version: true, state: false } });
        expect(verification.reason).toBe(
          "the instance's state is under_review (snapshot under_review) but the head of its log leads to submitted",
        );
        await sut.dataSource.query(`UPDATE workflow_instances SET state = 'under_review' WHERE id = $1`, [p.byRole]);
        await sut.dataSource.query(`UPDATE workflow_instances SET snapshot = $2 WHERE id = $1`, [
          p.byRole,
          before.snapshot,
        ]);
        expect(await verify()).toMatchObject({ valid: false, checks: { chain: true, version: true, state: false } });
      } finally {
        await sut.dataSource.query(`UPDATE workflow_instances SET state = $2, snapshot = $3 WHERE id = $1`, [
          p.byRole,
          before.state,
          before.snapshot,
        ]);
      }
      expect(await verify()).toMatchObject({ valid: true });
    });

    it('reports a version that no longer counts the log rows', async () => {
      await sut.dataSource.query(`UPDATE workflow_instances SET version = version + 1 WHERE id = $1`, [p.byRole]);
      try {
        const verification = await verify();
        expect(verification).toMatchObject({ valid: false, checks: { chain: true, version: false, state: true } });
        expect(verification.reason).toMatch(/^the instance's version is \d+ but its log has \d+ rows$/);
      } finally {
        await sut.dataSource.query(`UPDATE workflow_instances SET version = version - 1 WHERE id = $1`, [p.byRole]);
      }
    });
  });
});
