import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * One Belmont Forum call (JST, a US, a German and a Brazilian funder) walked over HTTP to its final
 * decisions: pre-proposals, one invited to a full proposal and one not; the full proposal submitted
 * only while the call takes full proposals; each involved agency's eligibility and review; the
 * panel of experts; each member deciding on funding its own researchers; the results.
 */
describe('Belmont Forum call', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, US: string, DE: string, BR: string;
  let callId = '';
  let invited: { id: string; applicant: { token: string } };
  let declined: { id: string; applicant: { token: string } };
  const po = (agency: string) => w.who(agency, 'program_officer');

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'US', currency: 'USD' },
      { country: 'DE', currency: 'EUR' },
      { country: 'BR', currency: 'BRL' },
    ]);
    [JST, US, DE, BR] = w.agencies;
  });
  afterAll(() => sut.close());

  it('refuses a research period longer than the program allows, writing nothing', async () => {
    const [{ n: before }] = await w.factory.dataSource.query(`SELECT count(*)::int AS n FROM calls`);
    const res = await w.createCall(
      'belmont-forum',
      [
        { code: JST, cap: 8_000_000, envelope: 80_000_000 },
        { code: US, cap: 100_000, envelope: 1_000_000 },
        { code: DE, cap: 100_000, envelope: 1_000_000 },
      ],
      { durationMinMonths: 12, durationMaxMonths: 72 },
    );
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual([
      "a research period of 12-72 months is outside program belmont-forum's 12-60 months",
    ]);
    const [{ n: after }] = await w.factory.dataSource.query(`SELECT count(*)::int AS n FROM calls`);
    expect(after).toBe(before);
  });

  it('takes pre-proposals while the call is open', async () => {
    const res = await w.createCall('belmont-forum', [
      { code: JST, cap: 8_000_000, envelope: 80_000_000 },
      { code: US, cap: 100_000, envelope: 1_000_000 },
      { code: DE, cap: 100_000, envelope: 1_000_000 },
      { code: BR, cap: 100_000, envelope: 1_000_000 },
    ]);
    expectStatus(res, 201);
    callId = res.body.id;
    expect(res.body.workflow).toBe('belmont-forum-call@2');
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(20) });
    await w.send('calls', callId, po(JST), { type: 'ANNOUNCE' });
    await w.send('calls', callId, po(JST), { type: 'OPEN' });
    invited = await w.proposal(
      callId,
      [
        { agency: JST, budget: 8_000_000 },
        { agency: US, budget: 90_000 },
        { agency: DE, budget: 90_000 },
      ],
      2,
    );
    declined = await w.proposal(
      callId,
      [
        { agency: JST, budget: 5_000_000 },
        { agency: US, budget: 50_000 },
        { agency: BR, budget: 50_000 },
      ],
      2,
    );
    for (const p of [invited, declined]) {
      expect((await w.api.event('proposals', p.id, { type: 'SUBMIT' }, p.applicant.token)).body.state).toBe(
        'pre_proposal',
      );
    }
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
  });

  it('invites one pre-proposal to a full proposal and ends the other; the full proposal waits for the call to take them', async () => {
    expect((await w.send('proposals', invited.id, po(JST), { type: 'INVITE_FULL_PROPOSAL' })).state).toBe('invited');
    const body = await w.send('proposals', declined.id, po(JST), {
      type: 'DECLINE_PRE_PROPOSAL',
      reason: 'Outside the theme of the call.',
    });
    expect(body.state).toBe('not_invited');
    const early = await w.api.event('proposals', invited.id, { type: 'SUBMIT_FULL_PROPOSAL' }, invited.applicant.token);
    expectProblem(early, 422, 'rule-violated');
    expect(early.body.reasons).toEqual(['the call is not open for full proposals (it is closed)']);
    await w.send('calls', callId, po(JST), { type: 'OPEN_FULL_PROPOSALS' });
    const full = await w.api.event('proposals', invited.id, { type: 'SUBMIT_FULL_PROPOSAL' }, invited.applicant.token);
    expectStatus(full, 200);
    expect(full.body.state).toBe('submitted');
    await w.send('calls', callId, po(JST), { type: 'CLOSE_FULL_PROPOSALS' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
  });

  it('routes the full proposal to the agencies of its researchers only', async () => {
    expectProblem(await w.api.get(`/proposals/${invited.id}`, po(BR).token), 404, 'not-found');
    expect(await w.listed(callId, po(BR))).toEqual([declined.id]);
  });

  it('has each involved agency rule on eligibility and review its side; the panel of experts recommends', async () => {
    await w.send('proposals', invited.id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, US, DE])
      await w.send('proposals', invited.id, w.who(agency, 'agency_officer'), {
        type: 'RULE_ELIGIBILITY',
        eligible: true,
      });
    for (const agency of [JST, US, DE]) {
      await w.review(invited.id, agency, 4);
      await w.send('proposals', invited.id, po(agency), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 4,
        recommendation: 'fund',
        summary: `${agency} assessment.`,
      });
    }
    expect(await w.stateOf('proposals', invited.id)).toBe('joint_panel');
    await w.send('calls', callId, po(JST), { type: 'START_PANEL' });
    expect(
      (
        await w.send('proposals', invited.id, w.who(US, 'panel_member'), {
          type: 'RECORD_PANEL_RESULT',
          recommendation: 'fund',
          score: 4.2,
          minutes: 'Panel of experts.',
        })
      ).state,
    ).toBe('recommended');
  });

  it('has each member decide on funding its own researchers; the project goes ahead once every involved member funds its side', async () => {
    await w.send('calls', callId, po(JST), { type: 'START_SELECTION' });
    for (const agency of [JST, US]) {
      await w.send('calls', callId, w.who(agency, 'program_director'), {
        type: 'CONFIRM_SELECTION',
        decisions: [{ proposalId: invited.id, decision: 'select' }],
      });
    }
    expect(await w.stateOf('proposals', invited.id)).toBe('recommended');
    const early = await w.api.event(
      'calls',
      callId,
      { type: 'CONCLUDE_SELECTION' },
      w.who(JST, 'program_director').token,
    );
    expectProblem(early, 422, 'rule-violated');
    expect(early.body.reasons).toEqual([
      `${DE} has not confirmed its selection`,
      `${BR} has not confirmed its selection`,
    ]);
    await w.send('calls', callId, w.who(DE, 'program_director'), {
      type: 'CONFIRM_SELECTION',
      decisions: [{ proposalId: invited.id, decision: 'select' }],
    });
    expect(await w.stateOf('proposals', invited.id)).toBe('funding_agreed');
    // Brazil's researchers are in no recommended proposal: it confirms an empty selection.
    await w.send('calls', callId, w.who(BR, 'program_director'), { type: 'CONFIRM_SELECTION', decisions: [] });
    expect((await w.send('calls', callId, w.who(JST, 'program_director'), { type: 'CONCLUDE_SELECTION' })).state).toBe(
      'selection_concluded',
    );
  });

  it('announces the results: the funded project is awarded; the pre-proposal not retained stays ended', async () => {
    expect((await w.send('calls', callId, po(JST), { type: 'ANNOUNCE_RESULTS' })).state).toBe('results_announced');
    expect([await w.stateOf('proposals', invited.id), await w.stateOf('proposals', declined.id)]).toEqual([
      'awarded',
      'not_invited',
    ]);
  });
});
