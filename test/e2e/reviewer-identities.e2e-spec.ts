import request from 'supertest';
import { Factory, type Person } from '../factories/world.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

type Reviewer = Person & { reviewerId: string };

/**
 * Outside tester: after REASSIGN, the former reviewer's view of the assignment's history showed
 * REASSIGN's payload with their successor's pool id. Reviews are confidential: no history or
 * timeline a reviewer or an applicant reads names another reviewer (pool id, user id, e-mail,
 * name), whichever event named them (the events' `namesPeople`, checked by workflows:check), while
 * the agency's staff still read whom the review was handed to.
 */
describe("a reviewer's and an applicant's histories name no other reviewer", () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, PH: string;
  let proposalId = '';
  let applicant: Person;
  let former: Reviewer, successor: Reviewer, colleague: Reviewer;
  let handedOver = '',
    takenOver = '',
    colleagues = '';
  const po = (agency: string) => w.who(agency, 'program_officer');

  /** Every way the person is known: pool id, user id, e-mail address, the name in the pool and as a user. */
  async function identifiers(r: Reviewer): Promise<string[]> {
    const [row] = (await sut.dataSource.query(
      `SELECT u.display_name, r.name FROM reviewers r JOIN users u ON u.id = r.user_id WHERE r.id = $1`,
      [r.reviewerId],
    )) as { display_name: string; name: string }[];
    return [r.reviewerId, r.userId, r.email, row.display_name, row.name];
  }

  async function history(kind: 'assignments' | 'proposals', id: string, person: Person): Promise<string> {
    const res = await w.api.get(`/${kind}/${id}/history?verify=true`, person.token);
    expectStatus(res, 200);
    return JSON.stringify(res.body);
  }

  /** The console page (the assignment's timeline) as this person sees it. */
  async function consolePage(person: Person, path: string): Promise<string> {
    await withPassword(sut, person);
    const agent = request.agent(sut.url);
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: form.text.match(/name="_csrf" value="([^"]+)"/)![1], email: person.email, password: PASSWORD })
      .expect(303);
    return (await agent.get(path).expect(200)).text;
  }

  const invite = async (reviewer: Reviewer): Promise<string> => {
    const res = await w.api.post('/assignments', { proposalId, reviewerId: reviewer.reviewerId }, po(PH).token);
    expectStatus(res, 201);
    await w.send('assignments', res.body.id as string, reviewer, { type: 'ACCEPT', declaresNoConflict: true });
    return res.body.id as string;
  };

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'PH', currency: 'PHP' }]);
    [JST, PH] = w.agencies;
    const call = await w.createCall(
      'j-rapid',
      [
        { code: JST, cap: 5_000_000, envelope: 50_000_000 },
        { code: PH, cap: 1_000_000, envelope: 10_000_000 },
      ],
      { opensAt: at(1), submissionDeadline: at(14) },
    );
    expectStatus(call, 201);
    const callId = call.body.id as string;
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
    proposalId = made.id;
    applicant = made.applicant;
    await w.send('proposals', proposalId, applicant, { type: 'SUBMIT' });
    await w.send('proposals', proposalId, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, PH])
      await w.send('proposals', proposalId, w.who(agency, 'agency_officer'), {
        type: 'RULE_ELIGIBILITY',
        eligible: true,
      });

    former = await w.factory.reviewer(PH, { institution: 'Former Institute', name: 'Dr Former Reviewer' });
    successor = await w.factory.reviewer(PH, { institution: 'Successor Institute', name: 'Dr Successor Reviewer' });
    colleague = await w.factory.reviewer(PH, { institution: 'Colleague Institute', name: 'Dr Colleague Reviewer' });
    // Each their own name as a user, too (the factory names every reviewer of an agency alike).
    for (const [r, name] of [
      [former, 'Dr Former Reviewer'],
      [successor, 'Dr Successor Reviewer'],
      [colleague, 'Dr Colleague Reviewer'],
    ] as const)
      await sut.dataSource.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [r.userId, name]);
    handedOver = await invite(former);
    colleagues = await invite(colleague);
    const res = await w.send('assignments', handedOver, po(PH), {
      type: 'REASSIGN',
      reviewerId: successor.reviewerId,
      reason: 'The reviewer is on leave.',
    });
    expect(res.state).toBe('reassigned');
    const list = await w.api.get(`/assignments?proposalId=${proposalId}&limit=100`, successor.token);
    expectStatus(list, 200);
    takenOver = (list.body.items as { id: string }[])[0].id;
    await w.send('assignments', takenOver, successor, { type: 'ACCEPT', declaresNoConflict: true });
  }, 180_000);
  afterAll(() => sut?.close());

  it('shows the former reviewer that the review was handed on, and why, but not to whom', async () => {
    const res = await w.api.get(`/assignments/${handedOver}/history`, former.token);
    expectStatus(res, 200);
    const reassign = (res.body.items as { event: string; payload: Record<string, unknown> }[]).find(
      (i) => i.event === 'REASSIGN',
    );
    expect(reassign?.payload).toEqual({ reason: 'The reviewer is on leave.' });
  });

  it('names no other reviewer in any history a reviewer reads, over the API or in the console', async () => {
    const reviewers = [former, successor, colleague];
    const ids = await Promise.all(reviewers.map(identifiers));
    const read: [Reviewer, string, string][] = [
      [former, 'assignment handed over', await history('assignments', handedOver, former)],
      [former, 'its console page', await consolePage(former, `/console/reviews/${handedOver}`)],
      [successor, 'assignment taken over', await history('assignments', takenOver, successor)],
      [successor, 'its console page', await consolePage(successor, `/console/reviews/${takenOver}`)],
      [colleague, "a colleague's assignment", await history('assignments', colleagues, colleague)],
      [successor, 'the proposal', await history('proposals', proposalId, successor)],
      [colleague, 'the proposal', await history('proposals', proposalId, colleague)],
    ];
    const found: string[] = [];
    for (const [reader, what, text] of read)
      reviewers.forEach((other, k) => {
        if (other === reader) return;
        for (const id of ids[k]) if (text.includes(id)) found.push(`${what}, read by a reviewer, names ${id}`);
      });
    expect(found).toEqual([]);
  });

  it("names no reviewer in the applicant's history of the proposal", async () => {
    const text = await history('proposals', proposalId, applicant);
    const ids = (await Promise.all([former, successor, colleague].map(identifiers))).flat();
    expect(ids.filter((id) => text.includes(id))).toEqual([]);
  });

  it("still tells the agency's staff whom the review was handed to", async () => {
    const res = await w.api.get(`/assignments/${handedOver}/history`, po(PH).token);
    expectStatus(res, 200);
    const reassign = (res.body.items as { event: string; payload: Record<string, unknown> }[]).find(
      (i) => i.event === 'REASSIGN',
    );
    expect(reassign?.payload).toMatchObject({ reviewerId: successor.reviewerId, reason: 'The reviewer is on leave.' });
  });
});
