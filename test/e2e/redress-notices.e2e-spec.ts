import request from 'supertest';
import { Factory, type Person } from '../factories/world.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { notificationsDispatched, settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

/**
 * Issue 15 (outside tester): the notice that a proposal ruled ineligible may ask for redress goes to
 * whoever may ask (its applicant), not to a counterpart principal investigator, who may not; a
 * request (against ineligibility or against the result) is told to the PDs (and POs) of the
 * proposal's own agencies, who decide it, and waits on their start page, linked to the proposal's
 * page where they decide. Mail captured by the real SMTP receiver.
 */
describe('redress notices reach those who ask and those who decide', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let sink: SmtpSink;
  let worker: TestWorker;
  let JST: string, PH: string, OTHER: string;
  let callId = '';
  let id = '';
  let title = '';
  let applicant: Person;
  let counterpartPi: Person;
  /** A PO and a PD of each agency it did not appoint for the call (trust15b): never told, never deciding. */
  const unappointed: Person[] = [];

  const rowsOf = async (template: string): Promise<string[]> =>
    (
      (await sut.dataSource.query(
        `SELECT DISTINCT recipient_user_id AS id FROM notifications
          WHERE instance_id = $1 AND template = $2 AND recipient_user_id IS NOT NULL`,
        [id, template],
      )) as { id: string }[]
    )
      .map((r) => r.id)
      .sort();

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'PH', currency: 'PHP' },
      { country: 'TR', currency: 'TRY' },
    ]);
    [JST, PH, OTHER] = w.agencies;
    for (const agency of [JST, PH])
      for (const role of ['program_officer', 'program_director'] as const)
        unappointed.push(await w.factory.person(role, agency));
    await settleEarlierEffects(sut.dataSource);
    sink = await startSmtpSink();
    worker = await startWorker({ REDIS_URL: '', SMTP_URL: sink.url, RELAY_POLL_MS: '100', DELIVERY_BACKOFF_MS: '50' });
    const res = await w.createCall(
      'j-rapid',
      [
        { code: JST, cap: 5_000_000, envelope: 50_000_000 },
        { code: PH, cap: 1_000_000, envelope: 10_000_000 },
      ],
      { opensAt: at(1), submissionDeadline: at(14) },
    );
    expectStatus(res, 201);
    callId = res.body.id;
    const po = w.who(JST, 'program_officer');
    await w.send('calls', callId, po, { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(10) });
    await w.send('calls', callId, po, { type: 'OPEN' });
    applicant = await w.factory.person('applicant', JST);
    counterpartPi = await w.factory.person('applicant', PH);
    title = `Flood sensing ${Date.now()}`;
    const made = await w.api.post(
      '/proposals',
      {
        callId,
        title,
        abstract: 'Sensors for the flood plains.',
        durationMonths: 12,
        keywords: ['floods'],
        parties: [
          {
            agency: JST,
            piName: 'Lead PI',
            piEmail: applicant.email,
            institution: 'Kyoto Lab',
            country: 'JP',
            budgetPerYear: [4_000_000],
          },
          {
            agency: PH,
            piName: 'Counterpart PI',
            piEmail: counterpartPi.email,
            institution: 'Manila Lab',
            country: 'PH',
            budgetPerYear: [800_000],
          },
        ],
      },
      applicant.token,
    );
    expectStatus(made, 201);
    id = made.body.id;
    // J-RAPID's teams include a researcher of the country the disaster struck (README, Programs).
    const local = await w.api.post(
      `/proposals/${id}/members`,
      {
        agency: PH,
        role: 'member',
        name: 'Local researcher',
        email: `local-${Date.now()}@example.org`,
        institution: 'Manila Lab',
        local: true,
      },
      applicant.token,
    );
    expectStatus(local, 201);
    await w.send('proposals', id, applicant, { type: 'SUBMIT' });
    await w.send('proposals', id, po, { type: 'START_ELIGIBILITY_CHECK' });
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await sink?.close();
    await sut.close();
  });

  it('tells the applicant, who may ask for redress, and not the counterpart PI, who may not', async () => {
    const ruled = await w.send('proposals', id, w.who(PH, 'agency_officer'), {
      type: 'RULE_ELIGIBILITY',
      eligible: false,
      reasons: ['the institution is not registered'],
    });
    expect(ruled.state).toBe('ineligible');
    await sink.waitFor((mails) => mails.some((m) => m.to.includes(applicant.email) && m.text.includes(title)), 60_000);
    await notificationsDispatched(sut.dataSource, [id]);
    expect(await rowsOf('ineligible-redress-open')).toEqual([applicant.userId]);
    expect(sink.to(counterpartPi.email).filter((m) => /redress/i.test(m.subject + m.text))).toEqual([]);
    // The counterpart PI may not ask: the notice would invite a request that is refused.
    const refused = await w.api.event('proposals', id, { type: 'REQUEST_REDRESS', grounds: 'x' }, counterpartPi.token);
    expect(refused.status).toBeGreaterThanOrEqual(403);
  });

  it("tells the PDs and POs of the proposal's agencies of the request, not another agency's", async () => {
    await w.send('proposals', id, applicant, { type: 'REQUEST_REDRESS', grounds: 'We are registered.' });
    const pd = w.who(PH, 'program_director');
    await sink.waitFor((mails) => mails.some((m) => m.to.includes(pd.email) && m.text.includes(title)), 60_000);
    await notificationsDispatched(sut.dataSource, [id]);
    const expected = [JST, PH]
      .flatMap((a) => [w.who(a, 'program_director'), w.who(a, 'program_officer')])
      .map((p) => p.userId)
      .sort();
    expect(await rowsOf('redress-received')).toEqual(expected);
    expect(sink.to(w.who(OTHER, 'program_director').email)).toEqual([]);
    // Only the PO/PD each agency appointed for the call are told: another PO or PD of it is not.
    const told = await rowsOf('redress-received');
    for (const person of unappointed) expect(told).not.toContain(person.userId);
  });

  it('refuses the decision to a PD of the agency who was not appointed for the call, and leaves it off their start page', async () => {
    const other = unappointed[3]; // PH's PD, not appointed
    const refused = await w.api.event(
      'proposals',
      id,
      { type: 'DECIDE_REDRESS', agency: PH, outcome: 'uphold', reasons: 'Not mine to decide.' },
      other.token,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe(
      'DECIDE_REDRESS on this proposal is for the program officers and directors your agency appointed for its call; you are not one of them',
    );
    expect(await w.stateOf('proposals', id)).toBe('ineligibility_redress');
    await withPassword(sut, other);
    const agent = request.agent(sut.url);
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: form.text.match(/name="_csrf" value="([^"]+)"/)![1], email: other.email, password: PASSWORD })
      .expect(303);
    expect((await agent.get('/console').redirects(1)).text).not.toContain(`data-proposal="${id}"`);
  });

  it("lists the open request on a deciding PD's start page, linked to the proposal's page, in both languages", async () => {
    const pd = w.who(PH, 'program_director');
    await withPassword(sut, pd);
    const agent = request.agent(sut.url);
    const form = await agent.get('/console/sign-in').expect(200);
    const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrf, email: pd.email, password: PASSWORD })
      .expect(303);
    const en = (await agent.get('/console').redirects(1)).text;
    const item = en.slice(
      en.indexOf(`data-proposal="${id}"`),
      en.indexOf('</li>', en.indexOf(`data-proposal="${id}"`)),
    );
    expect(item).toContain('data-event="DECIDE_REDRESS"');
    expect(item).toContain(`href="/console/proposals/${id}"`);
    expect(item).toContain(title);
    const page = await agent.get(`/console/proposals/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('DECIDE_REDRESS');
    await sut.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = $1`, [pd.userId]);
    const ja = (await agent.get('/console').redirects(1)).text;
    expect(ja).toContain(`data-proposal="${id}" data-event="DECIDE_REDRESS"`);
    // Decided, it no longer waits for anyone.
    await w.send('proposals', id, pd, { type: 'DECIDE_REDRESS', outcome: 'dismiss', reasons: 'Not registered.' });
    await sut.dataSource.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [pd.userId]);
    expect((await agent.get('/console').redirects(1)).text).not.toContain(`data-proposal="${id}"`);
  });
});
