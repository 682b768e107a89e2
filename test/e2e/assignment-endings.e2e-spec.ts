import request from 'supertest';
import { Factory, type Person } from '../factories/world.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';
import { startSmtpSink, waitUntil, type ReceivedMail, type SmtpSink } from '../support/smtp-sink.js';
import { notificationsDispatched, settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

type Reviewer = Person & { reviewerId: string };

/**
 * Outside tester: a review assignment that ends without its reviewer's act tells the reviewer, once
 * (review-assignment@2): withdrawn by the agency's staff, handed to another reviewer, ended by the
 * applicants' withdrawal of the proposal (never their reason) and by the call's cancellation (with
 * its reason; a reviewer whose review was submitted gets the proposal's notice instead, once). Mail
 * captured by the real SMTP receiver, the in-app inbox read over the API, and the assignment's
 * timeline on its console page says what ended it, in the reader's language. REMIND is the agency's
 * PO's or officer's, not an administrator's. Tests run in order.
 */
describe('a reviewer is told, once, when the assignment ends without them', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let sink: SmtpSink;
  let worker: TestWorker;
  let JST: string, PH: string;
  const po = (agency: string) => w.who(agency, 'program_officer');
  const agencies = () => [
    { code: JST, cap: 5_000_000, envelope: 50_000_000 },
    { code: PH, cap: 1_000_000, envelope: 10_000_000 },
  ];
  const parties = () => [
    { agency: JST, budget: 4_000_000 },
    { agency: PH, budget: 800_000 },
  ];

  async function openCall(): Promise<string> {
    const res = await w.createCall('j-rapid', agencies(), { opensAt: at(1), submissionDeadline: at(14) });
    expectStatus(res, 201);
    const id = res.body.id as string;
    await w.send('calls', id, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(10) });
    await w.send('calls', id, po(JST), { type: 'OPEN' });
    return id;
  }

  /** A proposal of the call under review; its id, title and applicant. */
  async function underReview(callId: string): Promise<{ id: string; title: string; applicant: Person }> {
    const made = await w.proposal(callId, parties(), 1);
    expectStatus(made.res, 201);
    await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
    await w.send('proposals', made.id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, PH])
      await w.send('proposals', made.id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
    return { id: made.id, title: made.res.body.title as string, applicant: made.applicant };
  }

  /** A reviewer of PH invited to the proposal (and accepting, and drafting, when `drafting`); the assignment. */
  async function invited(proposalId: string, drafting: boolean): Promise<{ reviewer: Reviewer; id: string }> {
    const reviewer = await w.factory.reviewer(PH, { institution: `Review Institute ${Date.now()}` });
    const res = await w.api.post('/assignments', { proposalId, reviewerId: reviewer.reviewerId }, po(PH).token);
    expectStatus(res, 201);
    expect(res.body.workflow).toBe('review-assignment@2');
    const id = res.body.id as string;
    if (drafting) {
      await w.send('assignments', id, reviewer, { type: 'ACCEPT', declaresNoConflict: true });
      await w.send('assignments', id, reviewer, { type: 'SAVE_DRAFT', scores: { excellence: 4 } });
    }
    return { reviewer, id };
  }

  /** Every message of a template sent to the reviewer, once its effects are dispatched. */
  async function mailsTo(reviewer: Person, ids: string[], template: string): Promise<ReceivedMail[]> {
    await notificationsDispatched(sut.dataSource, ids);
    const rows: { id: string }[] = await sut.dataSource.query(
      `SELECT id FROM notifications WHERE recipient_user_id = $1 AND template = $2 AND channel = 'email'`,
      [reviewer.userId, template],
    );
    return sink.to(reviewer.email).filter((m) => rows.some((r) => m.raw.includes(`X-Tandem-Notification: ${r.id}`)));
  }

  /** The templates of every e-mail the reviewer got, in order, but their invitation. */
  const templatesTo = async (reviewer: Person): Promise<string[]> =>
    (
      (await sut.dataSource.query(
        `SELECT template FROM notifications WHERE recipient_user_id = $1 AND channel = 'email'
            AND template <> 'reviewer-invitation' ORDER BY created_at, id`,
        [reviewer.userId],
      )) as { template: string }[]
    ).map((r) => r.template);

  async function inboxOf(reviewer: Person): Promise<{ template: string; subject: string; body: string }[]> {
    const res = await w.api.get('/me/notifications?limit=100', reviewer.token);
    expectStatus(res, 200);
    return res.body.items;
  }

  /** The console page of the assignment as this person sees it. */
  async function consolePage(person: Person, assignmentId: string): Promise<string> {
    await withPassword(sut, person);
    const agent = request.agent(sut.url);
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: form.text.match(/name="_csrf" value="([^"]+)"/)![1], email: person.email, password: PASSWORD })
      .expect(303);
    return (await agent.get(`/console/reviews/${assignmentId}`).expect(200)).text;
  }

  /** The sentences of a console timeline, without their markup. */
  const stories = (page: string): string[] =>
    [...page.matchAll(/<p class="story">([\s\S]*?)<\/p>/g)].map((m) =>
      m[1]
        .replace(/<span class="when">[\s\S]*?<\/span>/, '')
        .replace(/<[^>]+>/g, '')
        .replace(/&#39;/g, "'")
        .replace(/\s+/g, ' ')
        .trim(),
    );

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'PH', currency: 'PHP' }]);
    [JST, PH] = w.agencies;
    await settleEarlierEffects(sut.dataSource);
    sink = await startSmtpSink();
    worker = await startWorker({ SMTP_URL: sink.url, RELAY_POLL_MS: '100', DELIVERY_BACKOFF_MS: '50' });
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await sink?.close();
    await sut?.close();
  });

  describe("by the agency's staff", () => {
    let proposal: { id: string; title: string };
    let withdrawn: { reviewer: Reviewer; id: string };
    let handedOver: { reviewer: Reviewer; id: string };

    beforeAll(async () => {
      proposal = await underReview(await openCall());
      withdrawn = await invited(proposal.id, true);
      handedOver = await invited(proposal.id, false);
    }, 120_000);

    it('tells a reviewer who accepted and is drafting that the assignment was withdrawn, and why, once', async () => {
      const res = await w.send('assignments', withdrawn.id, po(PH), {
        type: 'WITHDRAW',
        reason: 'The panel was reorganised.',
      });
      expect(res.state).toBe('withdrawn');
      // Sent again, it is refused and tells no one again.
      const again = await w.api.event(
        'assignments',
        withdrawn.id,
        { type: 'WITHDRAW', reason: 'Again.' },
        po(PH).token,
      );
      expectProblem(again, 409, 'event-not-allowed');

      const [mail, ...more] = await mailsTo(withdrawn.reviewer, [withdrawn.id], 'assignment-withdrawn');
      expect(more).toEqual([]);
      expect(mail.subject).toBe(`Review withdrawn: ${proposal.title}`);
      expect(mail.text).toContain(`has withdrawn your assignment to review the joint proposal "${proposal.title}"`);
      expect(mail.text).toContain('Reason given: The panel was reorganised.');
      expect(mail.text).toContain(`/console/reviews/${withdrawn.id}`);
      expect(await templatesTo(withdrawn.reviewer)).toEqual(['assignment-withdrawn']);
      const inbox = await inboxOf(withdrawn.reviewer);
      expect(inbox.filter((n) => n.template === 'assignment-withdrawn')).toEqual([
        expect.objectContaining({ subject: `Review withdrawn: ${proposal.title}` }),
      ]);
    });

    it('says in the timeline that the assignment, not the proposal, was withdrawn', async () => {
      const page = await consolePage(withdrawn.reviewer, withdrawn.id);
      const told = stories(page);
      expect(told).toContainEqual(expect.stringMatching(/program officer \(.+\) withdrew the assignment\.$/));
      expect(told.join('\n')).not.toContain('withdrew the proposal');
    });

    it('tells a reviewer whose review is handed to another why, without naming the other', async () => {
      const other = await w.factory.reviewer(PH, { institution: 'Another Institute', name: 'Ms Other Reviewer' });
      const res = await w.send('assignments', handedOver.id, po(PH), {
        type: 'REASSIGN',
        reviewerId: other.reviewerId,
        reason: 'The reviewer did not answer.',
      });
      expect(res.state).toBe('reassigned');

      const [mail, ...more] = await mailsTo(handedOver.reviewer, [handedOver.id], 'assignment-reassigned');
      expect(more).toEqual([]);
      expect(mail.subject).toBe(`Review handed to another reviewer: ${proposal.title}`);
      expect(mail.text).toContain('Reason given: The reviewer did not answer.');
      expect(mail.text).not.toContain('Other Reviewer');
      expect(await templatesTo(handedOver.reviewer)).toEqual(['assignment-reassigned']);
    });
  });

  describe("by the applicants' withdrawal of the proposal", () => {
    let proposal: { id: string; title: string; applicant: Person };
    let drafting: { reviewer: Reviewer; id: string };
    let invitedOnly: { reviewer: Reviewer; id: string };

    beforeAll(async () => {
      proposal = await underReview(await openCall());
      drafting = await invited(proposal.id, true);
      invitedOnly = await invited(proposal.id, false);
      // One reader of Japanese.
      await sut.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = $1`, [drafting.reviewer.userId]);
    }, 120_000);

    it("ends every open assignment and tells each reviewer once, in their language, without the applicants' reason", async () => {
      const res = await w.send('proposals', proposal.id, proposal.applicant, {
        type: 'WITHDRAW',
        reason: 'Our lead researcher has fallen ill.',
      });
      expect(res.state).toBe('withdrawn');
      expect(await w.stateOf('assignments', drafting.id)).toBe('withdrawn');
      expect(await w.stateOf('assignments', invitedOnly.id)).toBe('withdrawn');

      const ids = [proposal.id, drafting.id, invitedOnly.id];
      const [ja, ...moreJa] = await mailsTo(drafting.reviewer, ids, 'assignment-ended-proposal-withdrawn');
      const [en, ...moreEn] = await mailsTo(invitedOnly.reviewer, ids, 'assignment-ended-proposal-withdrawn');
      expect([...moreJa, ...moreEn]).toEqual([]);
      expect(ja.subject).toBe(`査読が不要となりました：${proposal.title}`);
      expect(ja.text).toContain(`応募者が公募`);
      expect(en.subject).toBe(`Review no longer needed: ${proposal.title}`);
      expect(en.text).toContain(`The applicants have withdrawn the joint proposal "${proposal.title}"`);
      for (const mail of [ja, en]) expect(mail.text).not.toContain('fallen ill');
      expect(await templatesTo(drafting.reviewer)).toEqual(['assignment-ended-proposal-withdrawn']);
      expect(await templatesTo(invitedOnly.reviewer)).toEqual(['assignment-ended-proposal-withdrawn']);
    });

    it("keeps the applicants' reason out of the assignment's history and tells its ending in the reader's language", async () => {
      const history = await w.api.get(`/assignments/${drafting.id}/history`, drafting.reviewer.token);
      expectStatus(history, 200);
      expect(JSON.stringify(history.body)).not.toContain('fallen ill');
      expect((history.body.items as { event: string }[]).map((i) => i.event)).toContain('PROPOSAL_WITHDRAWN');

      const page = await consolePage(drafting.reviewer, drafting.id);
      expect(stories(page)).toContain('応募者が提案を取り下げたため、Tandem（自動）が査読の依頼を終了しました。');
      const staffPage = await consolePage(po(PH), invitedOnly.id);
      expect(stories(staffPage)).toContain(
        'Tandem (automatically) ended the assignment: the applicants withdrew the proposal.',
      );
    });
  });

  describe("by the call's cancellation", () => {
    let callId = '';
    let proposal: { id: string; title: string };
    let drafting: { reviewer: Reviewer; id: string };
    let submitted: Person;

    beforeAll(async () => {
      callId = await openCall();
      proposal = await underReview(callId);
      drafting = await invited(proposal.id, true);
      submitted = await w.review(proposal.id, JST, 4);
    }, 120_000);

    it("tells the drafting reviewer once, with the call's reason, and the reviewer who submitted once, by the proposal's notice", async () => {
      const res = await w.send('calls', callId, po(JST), { type: 'CANCEL', reason: 'The disaster area is closed.' });
      expect(res.state).toBe('cancelled');
      await waitUntil(async () => (await w.stateOf('proposals', proposal.id)) === 'call_cancelled', 60_000);
      expect(await w.stateOf('assignments', drafting.id)).toBe('withdrawn');

      const ids = [proposal.id, drafting.id];
      const [mail, ...more] = await mailsTo(drafting.reviewer, ids, 'assignment-ended-call-cancelled');
      expect(more).toEqual([]);
      expect(mail.subject).toBe(`Call cancelled, review no longer needed: ${proposal.title}`);
      expect(mail.text).toContain('Reason for the cancellation: The disaster area is closed.');
      expect(await templatesTo(drafting.reviewer)).toEqual(['assignment-ended-call-cancelled']);
      // The submitted review stays; its reviewer hears of the cancellation from the proposal, once.
      await waitUntil(async () => (await templatesTo(submitted)).length > 0, 30_000);
      await notificationsDispatched(sut.dataSource, ids);
      expect(await templatesTo(submitted)).toEqual(['proposal-call-cancelled']);

      const page = await consolePage(drafting.reviewer, drafting.id);
      expect(stories(page)).toContain('Tandem (automatically) ended the assignment: the call was cancelled.');
    });
  });

  describe('REMIND', () => {
    let assignment: { reviewer: Reviewer; id: string };

    beforeAll(async () => {
      const proposal = await underReview(await openCall());
      assignment = await invited(proposal.id, true);
    }, 120_000);

    it("is the agency's PO's or officer's, not an administrator's, who monitors and acts for no agency", async () => {
      const asAdmin = await w.api.get(`/assignments/${assignment.id}`, w.admin.token);
      expect(asAdmin.body.allowedEvents).not.toContain('REMIND');
      const refused = await w.api.event('assignments', assignment.id, { type: 'REMIND' }, w.admin.token);
      expectProblem(refused, 403, 'forbidden');

      const asPo = await w.api.get(`/assignments/${assignment.id}`, po(PH).token);
      expect(asPo.body.allowedEvents).toContain('REMIND');
      await w.send('assignments', assignment.id, po(PH), { type: 'REMIND' });
      const [reminder, ...more] = await mailsTo(assignment.reviewer, [assignment.id], 'review-reminder');
      expect(more).toEqual([]);
      expect(reminder.subject).toMatch(/^Reminder: your review of /);
    });
  });
});
