import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * One CONCERT-Japan call (JST, a German and a French funder) walked over HTTP to its final
 * decisions: each agency's national criteria published with the call, the common criteria and each
 * agency's ruling against its national ones, one proposal ended by a national criterion; online peer review by two evaluators; the scientific committee's
 * recommendation; each funder's selection; the forum of funders' final selection; the results.
 */
describe('CONCERT-Japan call', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, DE: string, FR: string, US: string;
  let callId = '';
  const ids = { funded: '', ineligible: '', notRecommended: '' };
  const po = (agency: string) => w.who(agency, 'program_officer');

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'DE', currency: 'EUR' },
      { country: 'FR', currency: 'EUR' },
      { country: 'US', currency: 'USD' },
    ]);
    [JST, DE, FR, US] = w.agencies;
  });
  afterAll(() => sut.close());

  it('refuses a call with one European funder only', async () => {
    const res = await w.createCall('concert-japan', [
      { code: JST, cap: 6_000_000, envelope: 60_000_000 },
      { code: DE, cap: 50_000, envelope: 500_000 },
      { code: US, cap: 50_000, envelope: 500_000 },
    ]);
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual(['program concert-japan needs at least 2 agencies from europe; the call has 1']);
  });

  it('creates and opens a call of JST and two European funders on the CONCERT-Japan workflows', async () => {
    const res = await w.createCall('concert-japan', [
      { code: JST, cap: 6_000_000, envelope: 60_000_000 },
      { code: DE, cap: 50_000, envelope: 500_000 },
      { code: FR, cap: 50_000, envelope: 500_000 },
    ]);
    expectStatus(res, 201);
    callId = res.body.id;
    expect(res.body.workflow).toBe('concert-japan-call@2');
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(20) });
    await w.send('calls', callId, po(FR), {
      type: 'SET_NATIONAL_CRITERIA',
      criteria: ['The French PI holds a permanent position', 'The French partner is a public body'],
    });
    await w.send('calls', callId, po(DE), {
      type: 'SET_NATIONAL_CRITERIA',
      criteria: ['The German PI holds a doctorate'],
    });
    await w.send('calls', callId, po(JST), { type: 'ANNOUNCE' });
    await w.send('calls', callId, po(JST), { type: 'OPEN' });
    for (const key of ['funded', 'ineligible', 'notRecommended'] as const) {
      const made = await w.proposal(callId, [
        { agency: JST, budget: 6_000_000 },
        { agency: DE, budget: 40_000 },
        { agency: FR, budget: 40_000 },
      ]);
      expectStatus(made.res, 201);
      expect(made.res.body.workflow).toBe('concert-japan-proposal@1');
      ids[key] = made.id;
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
    }
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
  });

  it('needs the common criteria ruled by the lead besides every national ruling before review', async () => {
    const id = ids.funded;
    await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, DE, FR])
      await w.send('proposals', id, w.who(agency, 'agency_officer'), { type: 'RULE_NATIONAL_ELIGIBILITY', unmet: [] });
    expect(await w.stateOf('proposals', id)).toBe('eligibility_check');
    const counterpart = await w.api.event(
      'proposals',
      id,
      { type: 'RULE_COMMON_ELIGIBILITY', eligible: true },
      po(DE).token,
    );
    expectProblem(counterpart, 403, 'forbidden');
    expect((await w.send('proposals', id, po(JST), { type: 'RULE_COMMON_ELIGIBILITY', eligible: true })).state).toBe(
      'under_review',
    );
    await w.send('proposals', ids.notRecommended, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    await w.send('proposals', ids.notRecommended, po(JST), { type: 'RULE_COMMON_ELIGIBILITY', eligible: true });
    for (const agency of [JST, DE, FR])
      await w.send('proposals', ids.notRecommended, w.who(agency, 'agency_officer'), {
        type: 'RULE_NATIONAL_ELIGIBILITY',
        unmet: [],
      });
  });

  it("ends a proposal that fails one agency's national criteria, with that agency's reason", async () => {
    const id = ids.ineligible;
    await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    await w.send('proposals', id, po(JST), { type: 'RULE_COMMON_ELIGIBILITY', eligible: true });
    const unknown = await w.api.event(
      'proposals',
      id,
      { type: 'RULE_NATIONAL_ELIGIBILITY', unmet: ['The PI speaks French'] },
      w.who(FR, 'agency_officer').token,
    );
    expectProblem(unknown, 422, 'rule-violated');
    expect(unknown.body.reasons).toEqual([
      `"The PI speaks French" is not one of ${FR}'s national criteria for this call`,
    ]);
    const body = await w.send('proposals', id, w.who(FR, 'agency_officer'), {
      type: 'RULE_NATIONAL_ELIGIBILITY',
      unmet: ['The French PI holds a permanent position'],
    });
    expect(body.state).toBe('ineligible');
    expect(body.progress.closingReasons).toEqual([
      `${FR}: national criterion not met: The French PI holds a permanent position`,
    ]);
  });

  it('closes the online peer review only once two evaluators have submitted', async () => {
    await w.review(ids.funded, JST, 5);
    const early = await w.api.event('proposals', ids.funded, { type: 'COMPLETE_PEER_REVIEW' }, po(JST).token);
    expectProblem(early, 422, 'rule-violated');
    expect(early.body.reasons).toEqual(['the proposal has 1 submitted evaluation(s); the program requires 2']);
    await w.review(ids.funded, DE, 4);
    expect(
      (await w.send('proposals', ids.funded, po(JST), { type: 'COMPLETE_PEER_REVIEW', summary: 'Two evaluations in.' }))
        .state,
    ).toBe('joint_panel');
    await w.review(ids.notRecommended, FR, 2);
    await w.review(ids.notRecommended, DE, 2);
    await w.send('proposals', ids.notRecommended, po(JST), { type: 'COMPLETE_PEER_REVIEW' });
  });

  it("takes the scientific committee's recommendation as it records it", async () => {
    await w.send('calls', callId, po(JST), { type: 'START_PANEL' });
    const staff = await w.api.event(
      'proposals',
      ids.funded,
      { type: 'RECORD_PANEL_RESULT', recommendation: 'fund', score: 4.5 },
      po(JST).token,
    );
    expectProblem(staff, 403, 'forbidden');
    expect(
      (
        await w.send('proposals', ids.funded, w.who(DE, 'panel_member'), {
          type: 'RECORD_PANEL_RESULT',
          recommendation: 'fund',
          score: 4.5,
        })
      ).state,
    ).toBe('recommended');
    expect(
      (
        await w.send('proposals', ids.notRecommended, w.who(JST, 'panel_member'), {
          type: 'RECORD_PANEL_RESULT',
          recommendation: 'do_not_fund',
          score: 2,
        })
      ).state,
    ).toBe('not_recommended');
  });

  it('lets each funder select within its envelope, then the forum of funders makes the final selection', async () => {
    await w.send('calls', callId, po(JST), { type: 'START_SELECTION' });
    for (const agency of [JST, DE, FR]) {
      await w.send('calls', callId, w.who(agency, 'program_director'), {
        type: 'CONFIRM_SELECTION',
        decisions: [{ proposalId: ids.funded, decision: 'select' }],
      });
    }
    expect(await w.stateOf('proposals', ids.funded)).toBe('selected');
    expect((await w.send('calls', callId, w.who(JST, 'program_director'), { type: 'SUBMIT_TO_BOARD' })).state).toBe(
      'forum_of_funders',
    );
    const unrecorded = await w.api.event(
      'calls',
      callId,
      { type: 'BOARD_APPROVE_SELECTION' },
      w.who(JST, 'board_member').token,
    );
    expectProblem(unrecorded, 422, 'rule-violated');
    expect(unrecorded.body.reasons).toEqual(['the board meeting (date and attendees) is not recorded']);
    await w.send('calls', callId, w.who(JST, 'board_member'), {
      type: 'RECORD_BOARD_MEETING',
      date: at(0),
      attendees: ['JST', 'DLR', 'ANR'],
    });
    expect(
      (
        await w.send('calls', callId, w.who(JST, 'board_member'), {
          type: 'BOARD_APPROVE_SELECTION',
          note: 'Final selection of the forum.',
        })
      ).state,
    ).toBe('board_decided');
    expect(await w.stateOf('proposals', ids.funded)).toBe('board_approved');
  });

  it('announces the results: the selected project is awarded, the one not recommended is not funded', async () => {
    await w.send('calls', callId, po(JST), { type: 'ANNOUNCE_RESULTS' });
    expect([
      await w.stateOf('proposals', ids.funded),
      await w.stateOf('proposals', ids.notRecommended),
      await w.stateOf('proposals', ids.ineligible),
    ]).toEqual(['awarded', 'not_funded', 'ineligible']);
  });
});
