import request from 'supertest';
import { Factory, type Person } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * Issue 15 (an outside tester): once an agency has appointed its PO/PD for a co-owned call
 * (APPROVE_PARTICIPATION), only they act for it on the call's proposals too: eligibility, reviewer
 * assignment, consolidation, the panel's sign-off, redress. Another PO or PD of the same agency sees
 * the proposals (they are staff) but is refused with the reason, is offered none of these steps, and
 * finds none of them on the start page. Tests run in order.
 */
describe('appointed PO/PD act for their agency on the call’s proposals', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, PH: string;
  let callId = '';
  let id = '';
  let otherPo: Record<string, Person>;
  let otherPd: Record<string, Person>;
  const po = (agency: string) => w.who(agency, 'program_officer');
  const refusalOf = (type: string) =>
    `${type} on this proposal is for the program officers and directors your agency appointed for its call; you are not one of them`;
  const offered = async (person: Person) =>
    (await w.api.get(`/proposals/${id}`, person.token)).body.allowedEvents as string[];

  const startPage = async (person: Person) => {
    await withPassword(sut, person);
    const agent = request.agent(sut.url);
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: form.text.match(/name="_csrf" value="([^"]+)"/)![1], email: person.email, password: PASSWORD })
      .expect(303);
    return (await agent.get('/console').redirects(1)).text;
  };

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'PH', currency: 'PHP' }]);
    [JST, PH] = w.agencies;
    // Each agency appoints its usual PO and PD (ProgramWorld.createCall); these others are not appointed.
    otherPo = {};
    otherPd = {};
    for (const agency of [JST, PH]) {
      otherPo[agency] = await w.factory.person('program_officer', agency);
      otherPd[agency] = await w.factory.person('program_director', agency);
    }
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
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(10) });
    await w.send('calls', callId, po(JST), { type: 'OPEN' });
    const made = await w.proposal(
      callId,
      [
        { agency: JST, budget: 4_000_000 },
        { agency: PH, budget: 800_000 },
      ],
      1,
    );
    expectStatus(made.res, 201);
    id = made.id;
    await w.send('proposals', id, made.applicant, { type: 'SUBMIT' });
  }, 120_000);
  afterAll(() => sut.close());

  it('lets a PO who was not appointed see the proposal, but not start its eligibility check', async () => {
    expectStatus(await w.api.get(`/proposals/${id}`, otherPo[JST].token), 200);
    expect(await offered(otherPo[JST])).not.toContain('START_ELIGIBILITY_CHECK');
    expect(await offered(po(JST))).toContain('START_ELIGIBILITY_CHECK');
    // A PD who was not appointed holds no other role: nothing of the proposal is theirs to do.
    expect(await offered(otherPd[JST])).toEqual([]);
    const refused = await w.api.event('proposals', id, { type: 'START_ELIGIBILITY_CHECK' }, otherPo[JST].token);
    expectProblem(refused, 403, 'forbidden');
    expect(refused.body.detail).toBe(refusalOf('START_ELIGIBILITY_CHECK'));
    expect(await w.stateOf('proposals', id)).toBe('submitted');
  });

  it("lists the step on the appointed PO's start page only", async () => {
    expect(await startPage(po(JST))).toContain(`data-proposal="${id}"`);
    expect(await startPage(otherPo[JST])).not.toContain(`data-proposal="${id}"`);
  });

  it('refuses an assignment by a PO who was not appointed, and takes the appointed one', async () => {
    await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, PH])
      await w.send('proposals', id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
    const reviewer = await w.factory.reviewer(PH, { institution: 'Review Institute of Cebu' });
    const refused = await w.api.post(
      '/assignments',
      { proposalId: id, reviewerId: reviewer.reviewerId, agency: PH },
      otherPo[PH].token,
    );
    expectProblem(refused, 403, 'forbidden');
    expect(refused.body.detail).toBe(
      `${PH} appointed its program officers and directors for this call: only they act for it here, and you are not one of them`,
    );
    const unnamed = await w.api.post(
      '/assignments',
      { proposalId: id, reviewerId: reviewer.reviewerId },
      otherPo[PH].token,
    );
    expectProblem(unnamed, 403, 'forbidden');
    const assignments = await w.api.get(`/assignments?proposalId=${id}`, po(PH).token);
    expect(assignments.body.items).toEqual([]);
  });

  it("refuses a PO who was not appointed the steps of the call's review assignments (remind, withdraw, reassign)", async () => {
    const reviewer = await w.factory.reviewer(PH, { institution: 'Review Institute of Davao' });
    const invited = await w.api.post('/assignments', { proposalId: id, reviewerId: reviewer.reviewerId }, po(PH).token);
    expectStatus(invited, 201);
    const assignment = invited.body.id as string;
    const offeredOn = async (person: Person) =>
      (await w.api.get(`/assignments/${assignment}`, person.token)).body.allowedEvents as string[];
    expect(await offeredOn(po(PH))).toEqual(expect.arrayContaining(['REMIND', 'WITHDRAW']));
    expect(await offeredOn(otherPo[PH])).toEqual([]);
    for (const body of [{ type: 'REMIND' }, { type: 'WITHDRAW', reason: 'Not mine to withdraw.' }]) {
      const refused = await w.api.event('assignments', assignment, body, otherPo[PH].token);
      expectProblem(refused, 403, 'forbidden');
      expect(refused.body.detail).toBe(
        `${body.type} on this assignment is for the program officers and directors your agency appointed for its call; you are not one of them`,
      );
    }
    expect(await w.stateOf('assignments', assignment)).toBe('invited');
    await w.send('assignments', assignment, po(PH), { type: 'WITHDRAW', reason: 'Another reviewer is better placed.' });
  });

  it('refuses the consolidation to a PO who was not appointed, changing nothing', async () => {
    await w.review(id, JST, 4);
    expect(await offered(otherPo[JST])).not.toContain('COMPLETE_AGENCY_REVIEW');
    const refused = await w.api.event(
      'proposals',
      id,
      { type: 'COMPLETE_AGENCY_REVIEW', score: 4, recommendation: 'fund', summary: 'Not mine to write.' },
      otherPo[JST].token,
    );
    expectProblem(refused, 403, 'forbidden');
    expect(refused.body.detail).toBe(refusalOf('COMPLETE_AGENCY_REVIEW'));
    const history = await w.api.get(`/proposals/${id}/history`, w.admin.token);
    expect((history.body.items as { event: string }[]).map((h) => h.event)).not.toContain('COMPLETE_AGENCY_REVIEW');
    await w.send('proposals', id, po(JST), {
      type: 'COMPLETE_AGENCY_REVIEW',
      score: 4,
      recommendation: 'fund',
      summary: `${JST} supports the survey.`,
    });
  });
});
