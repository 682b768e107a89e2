import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * One J-RAPID call after a disaster, walked over HTTP: opened at once from its draft with short
 * dates; two proposals taken up in order of receipt; the first funded as soon as both agencies
 * agree, while the call is still open, and its result announced at once; the second, received
 * later, decided next. Tests run in order.
 */
describe('J-RAPID call after a disaster', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, PH: string, OTHER: string;
  let callId = '';
  const first = {
    id: '',
    applicant: undefined as unknown as Awaited<ReturnType<ProgramWorld['proposal']>>['applicant'],
  };
  const second = { ...first };
  const po = (agency: string) => w.who(agency, 'program_officer');

  /** Eligibility and one review by each agency: the proposal awaits the agencies' funding decision. */
  async function review(id: string): Promise<void> {
    await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, PH])
      await w.send('proposals', id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
    for (const agency of [JST, PH]) {
      await w.review(id, agency, 4);
      await w.send('proposals', id, po(agency), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 4,
        recommendation: 'fund',
        summary: `${agency} supports the field survey.`,
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
  });
  afterAll(() => sut.close());

  it('opens the call at once from its draft, with a deadline two weeks away', async () => {
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
    expect(res.body).toMatchObject({
      program: 'j-rapid',
      workflow: 'j-rapid-call@3',
      durationMonths: { min: 6, max: 12 },
    });
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(10) });
    expect((await w.send('calls', callId, po(JST), { type: 'OPEN' })).state).toBe('open');
  });

  it('receives two proposals of one year, in order', async () => {
    for (const p of [first, second]) {
      const made = await w.proposal(
        callId,
        [
          { agency: JST, budget: 4_000_000 },
          { agency: PH, budget: 800_000 },
        ],
        1,
      );
      expectStatus(made.res, 201);
      expect(made.res.body.workflow).toBe('j-rapid-proposal@2');
      Object.assign(p, { id: made.id, applicant: made.applicant });
      expect((await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' })).state).toBe('submitted');
    }
  });

  it('refuses to take up the proposal received second while the first waits, changing nothing', async () => {
    const res = await w.api.event('proposals', second.id, { type: 'START_ELIGIBILITY_CHECK' }, po(JST).token);
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual([
      '1 proposal(s) of this call received earlier are still waiting: proposals are taken up in order of receipt',
    ]);
    expect(await w.stateOf('proposals', second.id)).toBe('submitted');
    const offered = async (id: string) =>
      (await w.api.get(`/proposals/${id}`, po(PH).token)).body.allowedEvents as string[];
    expect(await offered(first.id)).toContain('START_ELIGIBILITY_CHECK');
    expect(await offered(second.id)).not.toContain('START_ELIGIBILITY_CHECK');
  });

  it('reviews the first proposal while the call is open, up to the agencies funding decision', async () => {
    await review(first.id);
    expect(await w.stateOf('proposals', first.id)).toBe('funding_decision');
    expect(await w.stateOf('calls', callId)).toBe('open');
  });

  it('lets no board member decide for an agency other than their own, nor one of an agency outside the call', async () => {
    const outsider = await w.api.event(
      'proposals',
      first.id,
      { type: 'APPROVE_FUNDING' },
      w.who(OTHER, 'board_member').token,
    );
    expectProblem(outsider, 404, 'not-found');
    const forJst = await w.api.event(
      'proposals',
      first.id,
      { type: 'APPROVE_FUNDING', agency: JST },
      w.who(PH, 'board_member').token,
    );
    expectProblem(forJst, 403, 'forbidden');
    const applicant = await w.api.event(
      'proposals',
      first.id,
      { type: 'APPROVE_FUNDING', agency: JST },
      first.applicant.token,
    );
    expectProblem(applicant, 403, 'forbidden');
    expect(await w.stateOf('proposals', first.id)).toBe('funding_decision');
  });

  it('funds the first proposal as soon as both agencies agree, before the deadline', async () => {
    await w.send('proposals', first.id, w.who(JST, 'board_member'), { type: 'APPROVE_FUNDING' });
    expect(await w.stateOf('proposals', first.id)).toBe('funding_decision');
    expect(
      (await w.send('proposals', first.id, w.who(PH, 'program_director'), { type: 'APPROVE_FUNDING' })).state,
    ).toBe('board_approved');
    expect(await w.stateOf('calls', callId)).toBe('open');
  });

  it('shows the applicants neither the agencies internal state nor their decisions before the announcement', async () => {
    const mine = await w.api.get(`/proposals/${first.id}`, first.applicant.token);
    expectStatus(mine, 200);
    expect(mine.body.state).toBe('under_review');
    const history = await w.api.get(`/proposals/${first.id}/history`, first.applicant.token);
    expectStatus(history, 200);
    const events = (history.body.items as { event: string }[]).map((h) => h.event);
    expect(events).toContain('SUBMIT');
    expect(events).not.toContain('APPROVE_FUNDING');
  });

  it('announces the result of the funded proposal at once: awarded while the call is open', async () => {
    expect((await w.send('proposals', first.id, po(JST), { type: 'ANNOUNCE_RESULT' })).state).toBe('awarded');
    const mine = await w.api.get(`/proposals/${first.id}`, first.applicant.token);
    expect(mine.body.state).toBe('awarded');
    expect(await w.stateOf('calls', callId)).toBe('open');
  });

  it('then takes up the proposal received second; one agency declining leaves it unfunded', async () => {
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    const early = await w.api.event('calls', callId, { type: 'ARCHIVE' }, po(JST).token);
    expectProblem(early, 422, 'rule-violated');
    expect(early.body.reasons).toEqual(['1 submitted proposal(s) of this call have no announced result yet']);
    await review(second.id);
    await w.send('proposals', second.id, w.who(JST, 'board_member'), { type: 'APPROVE_FUNDING' });
    await w.send('proposals', second.id, w.who(PH, 'board_member'), {
      type: 'DECLINE_FUNDING',
      reason: 'The site lies outside the affected area.',
    });
    expect(await w.stateOf('proposals', second.id)).toBe('board_rejected');
    expect((await w.send('proposals', second.id, po(JST), { type: 'ANNOUNCE_RESULT' })).state).toBe('not_funded');
    const p = await w.api.get(`/proposals/${second.id}`, w.admin.token);
    expect(p.body.progress.closingReasons).toEqual([`${PH}: The site lies outside the affected area.`]);
  });

  it('archives the closed call once every submitted proposal has its result', async () => {
    expect((await w.send('calls', callId, po(JST), { type: 'ARCHIVE' })).state).toBe('archived');
  });
});
