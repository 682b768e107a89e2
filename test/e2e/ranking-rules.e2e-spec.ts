import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * A move in the joint ranking is refused by the call machine's guard (a proposal outside the
 * ranking), so `allowedEvents` offers MOVE_IN_RANKING only when the move can be made: never over an
 * empty ranking, and a move of a proposal outside the ranking is a 422 that changes nothing.
 */
describe('moves in the joint ranking', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, US: string;
  const OUTSIDE = '00000000-0000-4000-8000-00000000dead';
  const po = (agency: string) => w.who(agency, 'program_officer');
  const pd = (agency: string) => w.who(agency, 'program_director');

  const allowedEvents = async (callId: string, agency: string) => {
    const res = await w.api.get(`/calls/${callId}`, pd(agency).token);
    expectStatus(res, 200);
    return res.body.allowedEvents as string[];
  };
  const versionOf = async (callId: string) => (await w.api.get(`/calls/${callId}`, w.admin.token)).body.version;

  /** A bilateral call taken to selection; `ranked` proposals reach the joint ranking (recommended by the panel). */
  const toSelection = async (ranked: number): Promise<{ callId: string; proposals: string[] }> => {
    const callId = await w.openCall('sicorp-bilateral', [
      { code: JST, cap: 30_000_000, envelope: 500_000_000 },
      { code: US, cap: 1_000_000, envelope: 100_000_000 },
    ]);
    const proposals: string[] = [];
    for (let i = 0; i < ranked; i++) {
      const made = await w.proposal(callId, [
        { agency: JST, budget: 10_000_000 },
        { agency: US, budget: 100_000 },
      ]);
      expectStatus(made.res, 201);
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
      proposals.push(made.id);
    }
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
    for (const id of proposals) {
      await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      for (const agency of [JST, US])
        await w.send('proposals', id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
      for (const agency of [JST, US]) {
        await w.review(id, agency, 4);
        await w.send('proposals', id, po(agency), {
          type: 'COMPLETE_AGENCY_REVIEW',
          score: 4,
          recommendation: 'fund',
          summary: `${agency} supports it.`,
        });
      }
    }
    await w.send('calls', callId, po(JST), { type: 'START_PANEL', date: at(1) });
    for (const id of proposals) {
      await w.send('proposals', id, w.who(JST, 'panel_member'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: 'fund',
        score: 4.2,
        minutes: 'Joint panel.',
      });
      for (const agency of [JST, US]) await w.send('proposals', id, po(agency), { type: 'SIGN_OFF_PANEL' });
    }
    await w.send('calls', callId, po(JST), { type: 'START_SELECTION' });
    return { callId, proposals };
  };

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'US', currency: 'USD' }]);
    [JST, US] = w.agencies;
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('does not offer a move over an empty ranking, and refuses one with the reason', async () => {
    const { callId } = await toSelection(0);
    for (const agency of [JST, US]) expect(await allowedEvents(callId, agency)).not.toContain('MOVE_IN_RANKING');
    expect(await allowedEvents(callId, JST)).toContain('CONFIRM_SELECTION');
    const before = await versionOf(callId);

    const res = await w.api.event(
      'calls',
      callId,
      { type: 'MOVE_IN_RANKING', proposalId: OUTSIDE, position: 1, reason: 'Stronger collaboration.' },
      po(JST).token,
    );

    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual([`proposal ${OUTSIDE} is not in the joint ranking of this call`]);
    expect(await versionOf(callId)).toBe(before);
  });

  it('offers a move over a ranking, moves a ranked proposal and refuses one outside the ranking', async () => {
    const { callId, proposals } = await toSelection(1);
    for (const agency of [JST, US]) expect(await allowedEvents(callId, agency)).toContain('MOVE_IN_RANKING');
    const before = await versionOf(callId);

    const outside = await w.api.event(
      'calls',
      callId,
      { type: 'MOVE_IN_RANKING', proposalId: OUTSIDE, position: 1, reason: 'Stronger collaboration.' },
      po(US).token,
    );

    expectProblem(outside, 422, 'rule-violated');
    expect(outside.body.reasons).toEqual([`proposal ${OUTSIDE} is not in the joint ranking of this call`]);
    expect(await versionOf(callId)).toBe(before);
    await w.send('calls', callId, po(US), {
      type: 'MOVE_IN_RANKING',
      proposalId: proposals[0],
      position: 1,
      reason: 'Stronger collaboration.',
    });
    expect(await versionOf(callId)).toBe(before + 1);
  });
  it('offers CONFIRM_SELECTION to each agency until it has confirmed, without summing its envelope to offer it', async () => {
    const { callId, proposals } = await toSelection(1);
    for (const agency of [JST, US]) expect(await allowedEvents(callId, agency)).toContain('CONFIRM_SELECTION');

    const confirmed = await w.api.event(
      'calls',
      callId,
      { type: 'CONFIRM_SELECTION', decisions: [{ proposalId: proposals[0], decision: 'waitlist' }] },
      po(JST).token,
    );
    expect(confirmed.status).toBe(200);
    expect(await allowedEvents(callId, JST)).not.toContain('CONFIRM_SELECTION');
    expect(await allowedEvents(callId, US)).toContain('CONFIRM_SELECTION');
    // Sent, a confirmation is still judged against every recommended proposal: one left out is refused.
    const partial = await w.api.event('calls', callId, { type: 'CONFIRM_SELECTION', decisions: [] }, po(US).token);
    expectProblem(partial, 422, 'rule-violated');
    expect(partial.body.reasons).toEqual([`1 recommended proposal(s) have no decision of ${US}`]);
  });
});
