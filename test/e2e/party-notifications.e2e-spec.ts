import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectStatus, type Client } from '../support/http.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

/**
 * Issue 15 over a real worker and SMTP sink: the invitation e-mail reaches an invited address
 * (no account needed) with the link to its acceptance page, and a party's member who accepted is
 * told what the proposal's owners are told (its submission); an invited person who has not
 * accepted is not.
 */
describe("notifications of a proposal's parties", () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let sink: SmtpSink;
  let worker: TestWorker;

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    await settleEarlierEffects(sut.dataSource);
    sink = await startSmtpSink();
    worker = await startWorker({ REDIS_URL: '', SMTP_URL: sink.url, RELAY_POLL_MS: '100', DELIVERY_BACKOFF_MS: '50' });
  });
  afterAll(async () => {
    await worker?.close();
    await sink?.close();
    await sut.close();
  });

  it('sends the invitation to the address, and the submission to members who accepted only', async () => {
    const applicant = w.people[w.lead].applicant;
    const proposalId = await factory.proposal(w);
    const member = await factory.person('applicant', w.counterpart);
    const stranger = 'no.account.yet@example.org';
    for (const [email, role] of [
      [member.email, 'pi'],
      [stranger, 'member'],
    ] as const) {
      const res = await api.post(
        `/proposals/${proposalId}/members`,
        { agency: w.counterpart, role, name: `Invitee ${role}`, email, institution: 'University of Washington' },
        applicant.token,
      );
      expectStatus(res, 201);
    }
    await sink.waitFor((mails) => mails.some((m) => m.to.includes(stranger)), 60_000);
    const invitation = sink.to(stranger)[0];
    expectStatus(await api.post(`/proposals/${proposalId}/invitation/accept`, {}, member.token), 200);

    await factory.send('proposal', proposalId, { type: 'SUBMIT' }, applicant.actor);
    // Each recipient's mail is its own delivery: wait for both, in whatever order they arrive.
    await sink.waitFor(
      (mails) =>
        mails.some((m) => m.to.includes(member.email) && /submitted/.test(m.subject)) &&
        mails.some((m) => m.to.includes(applicant.email) && /submitted/.test(m.subject)),
      60_000,
    );

    expect(invitation.subject).toMatch(/^Invitation to the joint proposal/);
    expect(invitation.text).toContain(`/console/proposals/${proposalId}/invitation`);
    expect(sink.to(applicant.email).some((m) => /submitted/.test(m.subject))).toBe(true);
    expect(sink.to(stranger).map((m) => m.subject)).toEqual([invitation.subject]);
  });
});
