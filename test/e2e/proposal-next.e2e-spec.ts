import request from 'supertest';
import { Factory } from '../factories/world.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';
import { waitUntil } from '../support/smtp-sink.js';
import { startWorker, type TestWorker } from '../support/worker.js';

const DAY = 24 * 3600 * 1000;

/**
 * Issue 15 on the program's new proposal version (j-rapid-proposal@2), walked over HTTP to the
 * final decisions: an upheld redress sends a proposal back into evaluation and on to an award; a
 * proposal ruled ineligible asks for redress, which only the PD of its own agencies decides; each
 * stage with a due date holds its durable timers; cancelling a call closes its proposals and their
 * assignments, and leaves a proposal of an older version as it was. Tests run in order.
 */
describe('next proposal version: redress, reminders and cancellation (J-RAPID)', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, PH: string, OTHER: string;
  let callId = '';
  const po = (agency: string) => w.who(agency, 'program_officer');
  const pd = (agency: string) => w.who(agency, 'program_director');
  const agencies = () => [
    { code: JST, cap: 5_000_000, envelope: 50_000_000 },
    { code: PH, cap: 1_000_000, envelope: 10_000_000 },
  ];
  const parties = () => [
    { agency: JST, budget: 4_000_000 },
    { agency: PH, budget: 800_000 },
  ];

  const timersOf = async (id: string): Promise<Record<string, { due_at: Date; event: { type: string } }>> => {
    const rows: { name: string; due_at: Date; event: { type: string } }[] = await sut.dataSource.query(
      `SELECT name, due_at, event FROM timers WHERE instance_id = $1 AND state = 'scheduled'`,
      [id],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r]));
  };
  const notices = async (id: string, template: string) =>
    (await sut.dataSource.query(
      `SELECT payload FROM outbox WHERE instance_id = $1 AND payload ->> 'template' = $2 ORDER BY id`,
      [id, template],
    )) as { payload: { audience: string[]; recipients?: string[]; data?: Record<string, unknown> } }[];

  async function submitted(call = callId) {
    const made = await w.proposal(call, parties(), 1);
    expectStatus(made.res, 201);
    await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
    return made;
  }

  async function eligible(id: string) {
    await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, PH])
      await w.send('proposals', id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
  }

  async function consolidate(id: string) {
    for (const agency of [JST, PH]) {
      await w.review(id, agency, 4);
      await w.send('proposals', id, po(agency), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 4,
        recommendation: 'fund',
        summary: `${agency} supports the survey.`,
      });
    }
  }

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'PH', currency: 'PHP' },
      { country: 'TR', currency: 'TRY' },
    ]);
    [JST, PH, OTHER] = w.agencies;
    const res = await w.createCall('j-rapid', agencies(), { opensAt: at(1), submissionDeadline: at(14) });
    expectStatus(res, 201);
    callId = res.body.id;
    expect(res.body.proposalWorkflow).toBe('j-rapid-proposal@2');
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(10) });
    await w.send('calls', callId, po(JST), { type: 'OPEN' });
  }, 120_000);
  afterAll(() => sut.close());

  describe('redress against the result', () => {
    let id = '';
    let applicant: Awaited<ReturnType<typeof submitted>>['applicant'];

    it('is not funded when an agency declines, and opens the redress period', async () => {
      ({ id, applicant } = await submitted());
      await eligible(id);
      await consolidate(id);
      await w.send('proposals', id, w.who(JST, 'board_member'), { type: 'APPROVE_FUNDING' });
      await w.send('proposals', id, w.who(PH, 'board_member'), {
        type: 'DECLINE_FUNDING',
        reason: 'Outside the area.',
      });
      expect((await w.send('proposals', id, po(JST), { type: 'ANNOUNCE_RESULT' })).state).toBe('not_funded');
    });

    it('sends an upheld request back into evaluation, not to an end state', async () => {
      await w.send('proposals', id, applicant, { type: 'REQUEST_REDRESS', grounds: 'The area was misread.' });
      const decided = await w.send('proposals', id, pd(PH), {
        type: 'DECIDE_REDRESS',
        outcome: 'uphold',
        reasons: 'The site lies inside the affected area.',
      });
      expect(decided.state).toBe('re_evaluation');
      expect(Object.keys(await timersOf(id))).toEqual(
        expect.arrayContaining(['consolidation-reminder', 'consolidation-overdue']),
      );
      const [notice] = await notices(id, 'redress-decided');
      expect(notice).toBeDefined();
    });

    it('is reviewed again by each agency, decided again, and awarded', async () => {
      await consolidate(id);
      expect(await w.stateOf('proposals', id)).toBe('funding_decision');
      await w.send('proposals', id, w.who(JST, 'board_member'), { type: 'APPROVE_FUNDING' });
      await w.send('proposals', id, w.who(PH, 'board_member'), { type: 'APPROVE_FUNDING' });
      expect((await w.send('proposals', id, po(JST), { type: 'ANNOUNCE_RESULT' })).state).toBe('awarded');
    });
  });

  describe('redress against ineligibility', () => {
    let id = '';
    let applicant: Awaited<ReturnType<typeof submitted>>['applicant'];

    it('rules the proposal ineligible and opens the period to ask, told to the applicants with its end', async () => {
      ({ id, applicant } = await submitted());
      await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      const ruled = await w.send('proposals', id, w.who(PH, 'agency_officer'), {
        type: 'RULE_ELIGIBILITY',
        eligible: false,
        reasons: ['the institution is not registered'],
      });
      expect(ruled.state).toBe('ineligible');
      const timers = await timersOf(id);
      expect(timers['redress-window'].event).toEqual({ type: 'CLOSE_REDRESS_WINDOW' });
      const [notice] = await notices(id, 'ineligible-redress-open');
      expect(notice.payload.audience).toEqual(['owners', 'principal-investigators']);
      expect(Date.parse(notice.payload.data!.dueAt as string)).toBe(timers['redress-window'].due_at.getTime());
    });

    it('takes the request; a PD of an agency outside the proposal cannot decide it, changing nothing', async () => {
      await w.send('proposals', id, applicant, { type: 'REQUEST_REDRESS', grounds: 'We are registered.' });
      expect(await w.stateOf('proposals', id)).toBe('ineligibility_redress');
      const outsider = await w.api.event(
        'proposals',
        id,
        { type: 'DECIDE_REDRESS', outcome: 'uphold', reasons: 'Looks fine.' },
        pd(OTHER).token,
      );
      expectProblem(outsider, 404, 'not-found');
      const forAnother = await w.api.event(
        'proposals',
        id,
        { type: 'DECIDE_REDRESS', agency: OTHER, outcome: 'uphold', reasons: 'Looks fine.' },
        pd(JST).token,
      );
      expectProblem(forAnother, 403, 'forbidden');
      expect(await w.stateOf('proposals', id)).toBe('ineligibility_redress');
    });

    it("is upheld by the PD of the proposal's own agency: the ruling is overturned and the proposal goes into review", async () => {
      const decided = await w.send('proposals', id, pd(PH), {
        type: 'DECIDE_REDRESS',
        outcome: 'uphold',
        reasons: 'The registry was out of date.',
      });
      expect(decided.state).toBe('under_review');
      const p = await w.api.get(`/proposals/${id}`, w.admin.token);
      expect(p.body.progress.closingReasons ?? []).toEqual([]);
    });

    it('walks on to its final decision', async () => {
      await consolidate(id);
      await w.send('proposals', id, w.who(JST, 'board_member'), { type: 'APPROVE_FUNDING' });
      await w.send('proposals', id, w.who(PH, 'board_member'), { type: 'APPROVE_FUNDING' });
      expect((await w.send('proposals', id, po(JST), { type: 'ANNOUNCE_RESULT' })).state).toBe('awarded');
    });
  });

  describe('reminders and escalation as durable timers', () => {
    let id = '';

    it("sets the eligibility check's reminder and due date, J-RAPID's rapid ones", async () => {
      ({ id } = await submitted());
      const before = Date.now();
      await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      const timers = await timersOf(id);
      expect(timers['eligibility-reminder'].event).toEqual({ type: 'REMIND_ELIGIBILITY' });
      expect(timers['eligibility-overdue'].event).toEqual({ type: 'ESCALATE_ELIGIBILITY' });
      const due = timers['eligibility-overdue'].due_at.getTime();
      expect(due).toBeGreaterThanOrEqual(before + 3 * DAY - 60_000);
      expect(due).toBeLessThanOrEqual(Date.now() + 3 * DAY + 60_000);
      expect(due - timers['eligibility-reminder'].due_at.getTime()).toBe(DAY);
    });

    it("shows the stage's due date on the start page, in the reader's language", async () => {
      const person = po(PH);
      await withPassword(sut, person);
      const agent = request.agent(sut.url);
      const form = await agent.get('/console/sign-in').expect(200);
      const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
      await agent
        .post('/console/sign-in')
        .type('form')
        .send({ _csrf: csrf, email: person.email, password: PASSWORD })
        .expect(303);
      const en = (await agent.get('/console').redirects(1)).text;
      const at = en.indexOf(`data-proposal="${id}"`);
      expect(at).toBeGreaterThan(0);
      expect(en.slice(at, en.indexOf('</li>', at))).toContain('Eligibility check due:');
      await sut.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = $1`, [person.userId]);
      const ja = (await agent.get('/console').redirects(1)).text;
      expect(ja).toContain('要件確認の期限:');
    });

    it('escalates the overdue stage to the agencies’ PDs and POs through the pipeline, staying in the stage', async () => {
      // As the durable timer fires it: the system sends it (no person may, administrators neither).
      const refused = await w.api.event('proposals', id, { type: 'ESCALATE_ELIGIBILITY' }, w.admin.token);
      expectProblem(refused, 403, 'forbidden');
      expect(refused.body.detail).toBe(
        "ESCALATE_ELIGIBILITY is sent by Tandem itself (a timer or another workflow's step), never by a person, administrators included",
      );
      await w.factory.send('proposal', id, { type: 'ESCALATE_ELIGIBILITY' });
      expect(await w.stateOf('proposals', id)).toBe('eligibility_check');
      const [notice] = await notices(id, 'stage-overdue');
      expect(notice.payload).toMatchObject({
        audience: ['participant-program-directors', 'participant-program-officers'],
        data: { decision: 'eligibility_check' },
      });
    });

    it('gives a request for information an answer window with a reminder, and escalates at its end', async () => {
      await w.send('proposals', id, po(PH), { type: 'REQUEST_INFORMATION', message: 'Please name the local team.' });
      const timers = await timersOf(id);
      expect(timers['information-overdue'].event).toEqual({ type: 'INFORMATION_OVERDUE' });
      expect(timers['information-reminder'].event).toEqual({ type: 'REMIND_INFORMATION' });
      await w.factory.send('proposal', id, { type: 'INFORMATION_OVERDUE' });
      expect(await w.stateOf('proposals', id)).toBe('more_information_requested');
      expect((await notices(id, 'information-overdue'))[0].payload.data).toEqual({ decision: 'escalated' });
    });

    it('refuses a stage’s timer event once the proposal has left the stage, changing nothing', async () => {
      await expect(w.factory.send('proposal', id, { type: 'ESCALATE_CONSOLIDATION' })).rejects.toMatchObject({
        code: 'event-not-allowed',
      });
      expect(await w.stateOf('proposals', id)).toBe('more_information_requested');
    });

    it('offers no timer event to people, administrators included', async () => {
      for (const person of [po(JST), w.admin]) {
        const offered = (await w.api.get(`/proposals/${id}`, person.token)).body.allowedEvents as string[];
        expect(offered).not.toContain('INFORMATION_OVERDUE');
        expect(offered).not.toContain('CALL_CANCELLED');
      }
    });
  });

  describe('cancellation of the call', () => {
    let worker: TestWorker | undefined;
    afterAll(() => worker?.close());

    /** Runs the worker until every bulk batch of the call (its cancellation reaching its proposals) has ended. */
    async function batchesOfCallEnd(callId: string) {
      worker ??= await startWorker({});
      await waitUntil(
        async () => {
          const rows: { state: string }[] = await sut.dataSource.query(
            `SELECT state FROM bulk_batches WHERE call_id = $1`,
            [callId],
          );
          return rows.length > 0 && rows.every((r) => r.state === 'finished');
        },
        60_000,
        'the cancellation batch',
      );
    }

    let cancelled = '';
    let draft = '';
    let reviewing = '';
    let reviewer: Awaited<ReturnType<ProgramWorld['factory']['reviewer']>> | undefined;
    let assignment = '';
    let old = '';
    let oldCall = '';

    it('has a call on the older version (published before), with a submitted proposal', async () => {
      const publish = (proposalWorkflow: string) =>
        w.api.put('/programs/j-rapid/workflows', { proposalWorkflow }, w.admin.token);
      expectStatus(await publish('j-rapid-proposal@1'), 200);
      const res = await w.createCall('j-rapid', agencies(), { opensAt: at(1), submissionDeadline: at(14) });
      expectStatus(await publish('j-rapid-proposal@2'), 200);
      expectStatus(res, 201);
      oldCall = res.body.id;
      expect(res.body.proposalWorkflow).toBe('j-rapid-proposal@1');
      await w.send('calls', oldCall, po(JST), { type: 'OPEN' });
      old = (await submitted(oldCall)).id;
    });

    it('has a call on the new version with a draft and a proposal under review with an open assignment', async () => {
      const res = await w.createCall('j-rapid', agencies(), { opensAt: at(1), submissionDeadline: at(14) });
      expectStatus(res, 201);
      cancelled = res.body.id;
      await w.send('calls', cancelled, po(JST), {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: 1,
        reviewDue: at(10),
      });
      await w.send('calls', cancelled, po(JST), { type: 'OPEN' });
      const d = await w.proposal(cancelled, parties(), 1);
      expectStatus(d.res, 201);
      draft = d.id;
      reviewing = (await submitted(cancelled)).id;
      await eligible(reviewing);
      reviewer = await w.factory.reviewer(PH, { institution: 'Review Institute of Manila' });
      const invited = await w.api.post(
        '/assignments',
        { proposalId: reviewing, reviewerId: reviewer.reviewerId },
        po(PH).token,
      );
      expectStatus(invited, 201);
      assignment = invited.body.id;
      await w.send('assignments', assignment, reviewer, { type: 'ACCEPT', declaresNoConflict: true });
    });

    it('refuses the fan-out CALL_CANCELLED and the timer MARK_OVERDUE to an administrator, API and console, changing nothing', async () => {
      const reason = (type: string) =>
        `${type} is sent by Tandem itself (a timer or another workflow's step), never by a person, administrators included`;
      const api = await w.api.event(
        'proposals',
        reviewing,
        { type: 'CALL_CANCELLED', reason: 'Sent by hand.' },
        w.admin.token,
      );
      expectProblem(api, 403, 'forbidden');
      expect(api.body.detail).toBe(reason('CALL_CANCELLED'));
      const overdue = await w.api.event('assignments', assignment, { type: 'MARK_OVERDUE' }, w.admin.token);
      expectProblem(overdue, 403, 'forbidden');
      expect(overdue.body.detail).toBe(reason('MARK_OVERDUE'));

      await withPassword(sut, w.admin);
      const agent = request.agent(sut.url);
      const signIn = await agent.get('/console/sign-in').expect(200);
      await agent
        .post('/console/sign-in')
        .type('form')
        .send({
          _csrf: signIn.text.match(/name="_csrf" value="([^"]+)"/)![1],
          email: w.admin.email,
          password: PASSWORD,
        })
        .expect(303);
      const page = await agent.get(`/console/proposals/${reviewing}`).expect(200);
      expect(page.text).not.toContain('data-event="CALL_CANCELLED"');
      const viaConsole = await agent
        .post(`/console/proposals/${reviewing}/events`)
        .type('form')
        .send({
          _csrf: page.text.match(/name="_csrf" value="([^"]+)"/)![1],
          type: 'CALL_CANCELLED',
          reason: 'By hand.',
        });
      expect(viaConsole.status).toBe(403);
      expect(viaConsole.text).toContain('CALL_CANCELLED is sent by Tandem itself');
      expect(await w.stateOf('proposals', reviewing)).toBe('under_review');
      expect(await w.stateOf('assignments', assignment)).toBe('accepted');
    });

    it('closes every proposal of the cancelled call, ends its assignments and tells applicants and reviewers', async () => {
      const res = await w.send('calls', cancelled, po(JST), { type: 'CANCEL', reason: 'The disaster area is closed.' });
      expect(res.state).toBe('cancelled');
      // The proposals close through a bulk batch the worker runs (README, "Bulk operations").
      await batchesOfCallEnd(cancelled);
      expect(await w.stateOf('proposals', draft)).toBe('call_cancelled');
      expect(await w.stateOf('proposals', reviewing)).toBe('call_cancelled');
      expect(await w.stateOf('assignments', assignment)).toBe('withdrawn');
      // The reviewer of the open assignment is told by the assignment's own notice, not twice (its
      // review awaited, not submitted: the proposal's notice names the reviewers of submitted ones).
      const [notice] = await notices(reviewing, 'proposal-call-cancelled');
      expect(notice.payload.recipients).toEqual([]);
      const [ended, ...more] = await notices(assignment, 'assignment-ended-call-cancelled');
      expect(more).toEqual([]);
      expect(ended.payload.recipients).toEqual([reviewer!.userId]);
      expect(ended.payload.data).toMatchObject({ reason: 'The disaster area is closed.' });
      expect(notice.payload.audience).toEqual(['owners', 'principal-investigators', 'participant-staff']);
      const history = await w.api.get(`/proposals/${reviewing}/history`, w.admin.token);
      expect((history.body.items as { event: string }[]).map((h) => h.event)).toContain('CALL_CANCELLED');
    });

    it('leaves a proposal of the older version, which cannot take the cancellation, as it was', async () => {
      const res = await w.send('calls', oldCall, po(JST), { type: 'CANCEL', reason: 'Merged into another call.' });
      expect(res.state).toBe('cancelled');
      const [batch] = (await w.api.get(`/bulk?callId=${oldCall}`, po(JST).token)).body.items as { id: string }[];
      const report = await w.api.get(`/bulk/${batch.id}`, po(JST).token);
      expect(report.body.items).toEqual([
        expect.objectContaining({
          subjectId: old,
          result: 'not-allowed',
          reason: 'its workflow j-rapid-proposal@1 cannot take CALL_CANCELLED',
        }),
      ]);
      expect(await w.stateOf('proposals', old)).toBe('submitted');
    });
  });
});
