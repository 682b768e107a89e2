import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FireTimer } from '../../src/effects/fire-timer.handler.js';
import { Factory, type Person } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';
import { waitUntil } from '../support/smtp-sink.js';
import { settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

/**
 * One CHIRP call walked over HTTP: a 5-year hub reviewed by JST and its counterpart, agreed by the
 * joint panel, selected by both and awarded when the results are announced; after its first
 * period, its interim evaluation: the hub reports asking for a second period (refused past ten
 * years in all), both agencies extend it with their budgets per year of that period, and the hub
 * runs its second period to its end (chirp-hub@3). Tests run in order.
 */
describe('CHIRP hub awarded, then extended into a second period to its end', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, TH: string, OTHER: string;
  let callId = '';
  let hubId = '';
  let applicant: Person;
  let worker: TestWorker;
  let mailDir: string;
  const po = (agency: string) => w.who(agency, 'program_officer');
  const pd = (agency: string) => w.who(agency, 'program_director');

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'TH', currency: 'THB' },
      { country: 'MY', currency: 'MYR' },
    ]);
    [JST, TH, OTHER] = w.agencies;
    // The worker (in-process queue, e-mail to files) delivers this suite's notifications.
    mailDir = await mkdtemp(join(tmpdir(), 'tandem-chirp-mail-'));
    await settleEarlierEffects(sut.dataSource);
    worker = await startWorker({
      REDIS_URL: '',
      SMTP_URL: '',
      MAIL_DIR: mailDir,
      RELAY_POLL_MS: '100',
      DELIVERY_BACKOFF_MS: '50',
    });
  });
  afterAll(async () => {
    await worker?.close();
    await sut?.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('refuses a hub of less than five years at submission', async () => {
    const res = await w.createCall('chirp', [
      { code: JST, cap: 50_000_000, envelope: 500_000_000 },
      { code: TH, cap: 2_000_000, envelope: 20_000_000 },
    ]);
    expectStatus(res, 201);
    callId = res.body.id;
    expect(res.body).toMatchObject({
      program: 'chirp',
      workflow: 'chirp-call@2',
      durationMonths: { min: 60, max: 60 },
    });
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(40) });
    await w.send('calls', callId, po(JST), { type: 'ANNOUNCE' });
    await w.send('calls', callId, po(JST), { type: 'OPEN' });
    const short = await w.proposal(
      callId,
      [
        { agency: JST, budget: 40_000_000 },
        { agency: TH, budget: 1_000_000 },
      ],
      3,
    );
    const res2 = await w.api.event('proposals', short.id, { type: 'SUBMIT' }, short.applicant.token);
    expectProblem(res2, 422, 'rule-violated');
    expect(res2.body.reasons).toEqual(["duration of 36 months is outside the program's 60-60 months"]);
  });

  it('takes a 5-year hub proposal on the hub workflow', async () => {
    const made = await w.proposal(
      callId,
      [
        { agency: JST, budget: 40_000_000 },
        { agency: TH, budget: 1_000_000 },
      ],
      5,
    );
    expectStatus(made.res, 201);
    expect(made.res.body.workflow).toBe('chirp-hub@3');
    hubId = made.id;
    applicant = made.applicant;
    await w.send('proposals', hubId, applicant, { type: 'SUBMIT' });
  });

  it('reviews the hub at both agencies and has the joint panel agree, signed off by both', async () => {
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
    await w.send('proposals', hubId, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, TH])
      await w.send('proposals', hubId, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
    for (const agency of [JST, TH]) {
      await w.review(hubId, agency, 5);
      await w.send('proposals', hubId, po(agency), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 5,
        recommendation: 'fund',
        summary: `${agency}: a strong hub.`,
      });
    }
    await w.send('calls', callId, po(JST), { type: 'START_PANEL' });
    await w.send('proposals', hubId, w.who(JST, 'panel_member'), {
      type: 'RECORD_PANEL_RESULT',
      recommendation: 'fund',
      score: 4.9,
      minutes: 'Joint panel.',
    });
    for (const agency of [JST, TH]) await w.send('proposals', hubId, po(agency), { type: 'SIGN_OFF_PANEL' });
    expect(await w.stateOf('proposals', hubId)).toBe('recommended');
  });

  it('awards the hub once both agencies select it and the results are announced', async () => {
    await w.send('calls', callId, po(JST), { type: 'START_SELECTION' });
    for (const agency of [JST, TH])
      await w.send('calls', callId, pd(agency), {
        type: 'CONFIRM_SELECTION',
        decisions: [{ proposalId: hubId, decision: 'select' }],
      });
    expect(await w.stateOf('proposals', hubId)).toBe('funding_agreed');
    expect((await w.send('calls', callId, pd(JST), { type: 'CONCLUDE_SELECTION' })).state).toBe('selection_concluded');
    expect((await w.send('calls', callId, po(JST), { type: 'ANNOUNCE_RESULTS' })).state).toBe('results_announced');
    expect(await w.stateOf('proposals', hubId)).toBe('awarded');
  });

  it('starts the interim evaluation after the first period; the hub reports', async () => {
    expectProblem(
      await w.api.event('proposals', hubId, { type: 'START_INTERIM_EVALUATION' }, po(TH).token),
      403,
      'forbidden',
    );
    expect((await w.send('proposals', hubId, po(JST), { type: 'START_INTERIM_EVALUATION' })).state).toBe(
      'interim_evaluation',
    );
    // Ten years in all at most: a second period of six years is refused, and nothing changes.
    const tooLong = await w.api.event(
      'proposals',
      hubId,
      { type: 'SUBMIT_INTERIM_REPORT', report: 'Six more years, please.', extensionMonths: 72 },
      applicant.token,
    );
    expectProblem(tooLong, 422, 'rule-violated');
    expect(tooLong.body.reasons).toEqual([
      "a second period of 72 months is outside the program's 12-60 months",
      "a second period of 72 months would take the hub to 132 months, past the program's 120 months (10 years) in all",
    ]);
    expect(await w.stateOf('proposals', hubId)).toBe('interim_evaluation');
    const report = await w.send('proposals', hubId, applicant, {
      type: 'SUBMIT_INTERIM_REPORT',
      report: 'Five years of joint work: two sites, forty researchers exchanged.',
      extensionMonths: 36,
    });
    expect(report.state).toBe('interim_evaluation');
    expect(await w.stateOf('proposals', hubId)).toBe('extension_review');
  });

  it('lets only the agencies of the hub decide on its extension, and hides their decisions from the applicants', async () => {
    expectProblem(
      await w.api.event(
        'proposals',
        hubId,
        { type: 'DECIDE_EXTENSION', extend: true },
        w.who(OTHER, 'board_member').token,
      ),
      404,
      'not-found',
    );
    expectProblem(
      await w.api.event('proposals', hubId, { type: 'DECIDE_EXTENSION', agency: JST, extend: false }, pd(TH).token),
      403,
      'forbidden',
    );
    // Extending, an agency gives its budget per year of the second period: three years for 36 months.
    const noBudget = await w.api.event('proposals', hubId, { type: 'DECIDE_EXTENSION', extend: true }, pd(JST).token);
    expectProblem(noBudget, 422, 'rule-violated');
    expect(noBudget.body.reasons).toEqual([
      'JST extends: give its budget per year of the second period (budgetPerYear)',
    ]);
    const overCap = await w.api.event(
      'proposals',
      hubId,
      { type: 'DECIDE_EXTENSION', extend: true, budgetPerYear: [30_000_000, 120_000_000] },
      pd(JST).token,
    );
    expectProblem(overCap, 422, 'rule-violated');
    expect(overCap.body.reasons).toEqual([
      'JST gives 2 yearly budgets for a second period of 3 year(s)',
      "JST's budget of 120000000 in year 2 of the second period is above the program's 100000000",
    ]);
    await w.send('proposals', hubId, pd(JST), {
      type: 'DECIDE_EXTENSION',
      extend: true,
      budgetPerYear: [30_000_000, 30_000_000, 20_000_000],
    });
    const mine = await w.api.get(`/proposals/${hubId}`, applicant.token);
    expect(mine.body.state).toBe('interim_evaluation');
    const history = await w.api.get(`/proposals/${hubId}/history`, applicant.token);
    expect((history.body.items as { event: string }[]).map((h) => h.event)).not.toContain('DECIDE_EXTENSION');
  });

  it('runs the hub into its second period once both agencies extend it, with its own budgets and end', async () => {
    const decided = await w.send('proposals', hubId, w.who(TH, 'board_member'), {
      type: 'DECIDE_EXTENSION',
      extend: true,
      budgetPerYear: [800_000, 800_000, 800_000],
    });
    expect(decided.state).toBe('second_period');
    const mine = await w.api.get(`/proposals/${hubId}`, applicant.token);
    expect(mine.body.state).toBe('second_period');
    const staff = await w.api.get(`/proposals/${hubId}`, po(JST).token);
    const { firstPeriod, secondPeriod } = staff.body.progress;
    expect(firstPeriod.months).toBe(60);
    // The second period starts where the first ends and lasts the 36 months asked for.
    expect(secondPeriod).toMatchObject({
      months: 36,
      startsAt: firstPeriod.endsAt,
      budgets: { [JST]: [30_000_000, 30_000_000, 20_000_000], [TH]: [800_000, 800_000, 800_000] },
    });
    const end = new Date(firstPeriod.endsAt);
    end.setUTCMonth(end.getUTCMonth() + 36);
    expect(secondPeriod.endsAt).toBe(end.toISOString());
    // Its end is a durable timer.
    const [timer] = await sut.dataSource.query(
      `SELECT due_at, event FROM timers WHERE instance_id = $1 AND name = 'second-period-end' AND state = 'scheduled'`,
      [hubId],
    );
    expect(timer.event).toEqual({ type: 'END_SECOND_PERIOD' });
    expect(new Date(timer.due_at).toISOString()).toBe(secondPeriod.endsAt);
  });

  it('completes the hub when its second period ends', async () => {
    // The period's end has come (the timer made due now), and the worker fires it.
    await sut.dataSource.query(
      `UPDATE timers SET due_at = now() WHERE instance_id = $1 AND name = 'second-period-end' AND state = 'scheduled'`,
      [hubId],
    );
    const [timer] = await sut.dataSource.query(
      `SELECT id, generation FROM timers WHERE instance_id = $1 AND name = 'second-period-end'`,
      [hubId],
    );
    await sut.app
      .get(FireTimer)
      .handle({ timerId: timer.id, generation: timer.generation }, { id: 'chirp-end', attempt: 1, finalAttempt: true });
    expect(await w.stateOf('proposals', hubId)).toBe('completed');
    const mine = await w.api.get(`/proposals/${hubId}`, applicant.token);
    expect(mine.body.state).toBe('completed');
    expect(mine.body.allowedEvents).toEqual([]);
  });

  it("tells the hub's applicants in their inbox that it is extended", async () => {
    const decided = async () => {
      const inbox = await w.api.get('/me/notifications', applicant.token);
      return (inbox.body.items as { template: string; subject: string; body: string; about: { id: string } }[]).find(
        (n) => n.template === 'extension-decided' && n.about.id === hubId,
      );
    };
    await waitUntil(async () => (await decided()) !== undefined);
    const entry = (await decided())!;
    expect(entry.subject).toMatch(/^Extension decided: /);
    expect(entry.body).toMatch(/past its first period: extended\./);
  });

  it("tells the hub's applicants when the hub is completed", async () => {
    const completed = async () => {
      const inbox = await w.api.get('/me/notifications', applicant.token);
      return (inbox.body.items as { template: string; subject: string; about: { id: string } }[]).find(
        (n) => n.template === 'hub-completed' && n.about.id === hubId,
      );
    };
    await waitUntil(async () => (await completed()) !== undefined);
    expect((await completed())!.subject).toMatch(/^Hub completed: /);
  });
});
