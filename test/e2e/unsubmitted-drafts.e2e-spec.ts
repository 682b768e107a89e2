import request from 'supertest';
import { Factory } from '../factories/world.js';
import type { Person } from '../factories/world.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';
import { startSmtpSink, waitUntil, type SmtpSink } from '../support/smtp-sink.js';
import { notificationsDispatched, settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

/**
 * Issue 15 (outside tester): a proposal never submitted stays its applicants' alone whatever state
 * it ends in. A call with a draft, a draft its applicant withdrew and a submitted proposal is
 * cancelled (CALL_CANCELLED reaches each proposal): the agencies' staff are e-mailed about the
 * submitted proposal only (mail captured by the real SMTP receiver), and they neither read nor
 * list nor export nor find the two drafts, over the API and in the console; their applicants do.
 */
describe('a proposal never submitted stays private after its call is cancelled', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let sink: SmtpSink;
  let worker: TestWorker;
  let JST: string, PH: string;
  let callId = '';
  const drafts: { id: string; title: string; applicant: Person }[] = [];
  let submitted: { id: string; title: string; applicant: Person };
  const staffRoles = ['agency_officer', 'program_officer', 'program_director', 'panel_member', 'board_member'] as const;
  const staff = () => [JST, PH].flatMap((a) => staffRoles.map((r) => w.who(a, r)));

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'PH', currency: 'PHP' }]);
    [JST, PH] = w.agencies;
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
    await w.send('calls', callId, w.who(JST, 'program_officer'), {
      type: 'CONFIGURE_REVIEW',
      minReviewersPerAgency: 1,
      reviewDue: at(10),
    });
    await w.send('calls', callId, w.who(JST, 'program_officer'), { type: 'OPEN' });
    const parties = [
      { agency: JST, budget: 4_000_000 },
      { agency: PH, budget: 800_000 },
    ];
    for (let i = 0; i < 3; i++) {
      const made = await w.proposal(callId, parties, 1);
      expectStatus(made.res, 201);
      const entry = { id: made.id, title: made.res.body.title as string, applicant: made.applicant };
      if (i === 0) drafts.push(entry);
      if (i === 1) {
        await w.send('proposals', made.id, made.applicant, { type: 'WITHDRAW', reason: 'We changed our plans.' });
        drafts.push(entry);
      }
      if (i === 2) {
        await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
        submitted = entry;
      }
    }
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await sink?.close();
    await sut.close();
  });

  it('e-mails the cancellation of the submitted proposal to the staff, and of a draft to its applicant only', async () => {
    await w.send('calls', callId, w.who(JST, 'program_officer'), {
      type: 'CANCEL',
      reason: 'The disaster area is closed.',
    });
    // The cancellation reaches the proposals through a bulk batch the worker runs (README, "Bulk operations").
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
    expect(await w.stateOf('proposals', drafts[0].id)).toBe('call_cancelled');
    expect(await w.stateOf('proposals', drafts[1].id)).toBe('withdrawn');
    expect(await w.stateOf('proposals', submitted.id)).toBe('call_cancelled');
    const po = w.who(PH, 'program_officer');
    await sink.waitFor(
      (mails) =>
        mails.some((m) => m.to.includes(po.email) && m.text.includes(submitted.title)) &&
        mails.some((m) => m.to.includes(drafts[0].applicant.email) && m.text.includes(drafts[0].title)),
      60_000,
    );
    // Every notification of the call's proposals is written by now: none about a draft went to staff.
    await notificationsDispatched(sut.dataSource, [...drafts.map((d) => d.id), submitted.id]);
    const staffMails = sink.mails.filter((m) => staff().some((p) => m.to.includes(p.email)));
    expect(staffMails.length).toBeGreaterThan(0);
    for (const d of drafts) {
      expect(staffMails.filter((m) => m.text.includes(d.title) || m.subject.includes(d.title))).toEqual([]);
      expect(staffMails.filter((m) => m.text.includes(d.id))).toEqual([]);
    }
    const rows: { n: number }[] = await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE instance_id = ANY($1::uuid[])
          AND (recipient_user_id = ANY($2::uuid[]) OR channel = 'webhook')`,
      [drafts.map((d) => d.id), staff().map((p) => p.userId)],
    );
    expect(rows[0].n).toBe(0);
  });

  it('answers 404 to staff for a draft, its history and its documents; its applicant still reads it', async () => {
    for (const d of drafts) {
      for (const person of staff()) {
        for (const path of [`/proposals/${d.id}`, `/proposals/${d.id}/history`, `/proposals/${d.id}/documents`]) {
          const res = await w.api.get(path, person.token);
          expect([path, res.status]).toEqual([path, 404]);
        }
      }
      expectStatus(await w.api.get(`/proposals/${d.id}`, d.applicant.token), 200);
      expectStatus(await w.api.get(`/proposals/${d.id}`, w.admin.token), 200);
    }
    expectStatus(await w.api.get(`/proposals/${submitted.id}`, w.who(PH, 'program_officer').token), 200);
  });

  it('leaves the drafts out of the staff lists, searches and exports', async () => {
    for (const person of staff()) {
      expect(await w.listed(callId, person)).toEqual([submitted.id]);
      for (const d of drafts) {
        const found = await w.api.get(`/proposals?q=${encodeURIComponent(d.title)}&limit=100`, person.token);
        expectStatus(found, 200);
        expect(found.body.items).toEqual([]);
        const cancelled = await w.api.get(`/proposals?callId=${callId}&state=call_cancelled&limit=100`, person.token);
        expect((cancelled.body.items as { id: string }[]).map((p) => p.id)).toEqual([submitted.id]);
      }
    }
    const po = w.who(JST, 'program_officer');
    for (const name of ['assignments', 'reviews']) {
      const csv = await w.api.get(`/calls/${callId}/exports/${name}.csv`, po.token);
      expectStatus(csv, 200);
      for (const d of drafts) expect(csv.text).not.toContain(d.title);
    }
    expect(await w.listed(callId, drafts[0].applicant)).toEqual([drafts[0].id]);
  });

  it("leaves the drafts out of the console's call page (its proposals) and start page of staff", async () => {
    const person = w.who(JST, 'program_officer');
    await withPassword(sut, person);
    const agent = request.agent(sut.url);
    const form = await agent.get('/console/sign-in').expect(200);
    const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrf, email: person.email, password: PASSWORD })
      .expect(303);
    const list = await agent.get(`/console/calls/${callId}`).redirects(1);
    expect(list.status).toBe(200);
    expect(list.text).toContain(submitted.title);
    const start = await agent.get('/console').redirects(1);
    for (const d of drafts) {
      expect(list.text).not.toContain(d.title);
      expect(start.text).not.toContain(d.title);
      expect((await agent.get(`/console/proposals/${d.id}`)).status).toBe(404);
    }
  });
});
