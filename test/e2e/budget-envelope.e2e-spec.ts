import { FIRST_FISCAL_YEAR as FY, Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * No agency is committed beyond its envelope, whatever path commits it: one proposal's own
 * RECORD_SELECTION, a promotion from the waitlist, and two officers of the same agency deciding at
 * the same time. A co-owned SICORP bilateral call in which JST's envelope is 35 million yen in each
 * fiscal year (105 million for three-year projects); each project's budget per year is held against
 * that year's envelope. Tests run in order.
 */
describe('budget envelopes', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, US: string;
  let callId = '';
  const ENVELOPE = 105_000_000;
  /** JST's budget per year of each proposal (3 years): 60M, 60M, 15M, 30M, 30M in all. */
  const perYear = { p1: 20_000_000, p2: 20_000_000, p3: 5_000_000, p4: 10_000_000, p5: 10_000_000 };
  type Key = keyof typeof perYear;
  const id = {} as Record<Key, string>;
  const po = (agency: string) => w.who(agency, 'program_officer');
  const pd = (agency: string) => w.who(agency, 'program_director');
  const allowed = async (key: Key, agency: string, role: 'program_director' | 'program_officer' = 'program_director') =>
    (await w.api.get(`/proposals/${id[key]}`, w.who(agency, role).token)).body.allowedEvents as string[];
  const selection = async (key: Key) =>
    (await w.api.get(`/proposals/${id[key]}`, w.admin.token)).body.progress.selection as Record<string, string>;

  /** JST's envelope in use: proposals selected (or on their way), and those JST selected while the counterpart decides. */
  async function committedOfJst(): Promise<number> {
    let total = 0;
    for (const key of Object.keys(perYear) as Key[]) {
      const state = await w.stateOf('proposals', id[key]);
      if (state === 'selected' || (state === 'recommended' && (await selection(key))[JST] === 'select'))
        total += perYear[key] * 3;
    }
    return total;
  }

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'US', currency: 'USD' }]);
    [JST, US] = w.agencies;
    const res = await w.createCall('sicorp-bilateral', [
      { code: JST, cap: 30_000_000, envelope: ENVELOPE },
      { code: US, cap: 1_000_000, envelope: 100_000_000 },
    ]);
    expectStatus(res, 201);
    callId = res.body.id;
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(20) });
    await w.send('calls', callId, po(JST), { type: 'ANNOUNCE' });
    await w.send('calls', callId, po(JST), { type: 'OPEN' });
    for (const key of Object.keys(perYear) as Key[]) {
      const made = await w.proposal(callId, [
        { agency: JST, budget: perYear[key] },
        { agency: US, budget: 100_000 },
      ]);
      expectStatus(made.res, 201);
      id[key] = made.id;
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
    }
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
    for (const key of Object.keys(perYear) as Key[]) {
      await w.send('proposals', id[key], po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      for (const agency of [JST, US])
        await w.send('proposals', id[key], w.who(agency, 'agency_officer'), {
          type: 'RULE_ELIGIBILITY',
          eligible: true,
        });
      for (const agency of [JST, US]) {
        await w.review(id[key], agency, 4);
        await w.send('proposals', id[key], po(agency), {
          type: 'COMPLETE_AGENCY_REVIEW',
          score: 4,
          recommendation: 'fund',
          summary: `${agency} supports it.`,
        });
      }
    }
    await w.send('calls', callId, po(JST), { type: 'START_PANEL' });
    for (const key of Object.keys(perYear) as Key[]) {
      await w.send('proposals', id[key], w.who(JST, 'panel_member'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: 'fund',
        score: 4.2,
        minutes: 'Joint panel.',
      });
      for (const agency of [JST, US]) await w.send('proposals', id[key], po(agency), { type: 'SIGN_OFF_PANEL' });
      expect(await w.stateOf('proposals', id[key])).toBe('recommended');
    }
  });
  afterAll(() => sut.close());

  it("refuses a proposal's own selection beyond what is left of the agency's envelope, changing nothing, and still offers waitlisting it", async () => {
    await w.send('proposals', id.p1, pd(JST), { type: 'RECORD_SELECTION', decision: 'select' });
    const res = await w.api.event('proposals', id.p2, { type: 'RECORD_SELECTION', decision: 'select' }, pd(JST).token);
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual([
      `${JST} has 15000000 left of its envelope of 35000000 for FY${FY} (20000000 committed); this proposal asks 20000000`,
    ]);
    expect(await selection('p2')).toEqual({});
    expect(await allowed('p2', JST)).toContain('RECORD_SELECTION');
    await w.send('proposals', id.p2, pd(JST), { type: 'RECORD_SELECTION', decision: 'waitlist' });
    await w.send('proposals', id.p3, pd(JST), { type: 'RECORD_SELECTION', decision: 'waitlist' });
    for (const key of ['p1', 'p2', 'p3'] as const)
      await w.send('proposals', id[key], pd(US), { type: 'RECORD_SELECTION', decision: 'select' });
    expect([
      await w.stateOf('proposals', id.p1),
      await w.stateOf('proposals', id.p2),
      await w.stateOf('proposals', id.p3),
    ]).toEqual(['selected', 'waitlisted', 'waitlisted']);
  });

  it('lets exactly one of two officers of the same agency deciding at the same time take what is left', async () => {
    // 15M a year left; each asks 10M a year: either fits alone, both do not. So that both decisions reach the
    // guard together, the two proposals are held (as a third request would) until both are waiting.
    const hold = w.factory.dataSource.createQueryRunner();
    await hold.connect();
    await hold.startTransaction();
    await hold.query(`SELECT 1 FROM workflow_instances WHERE id = ANY($1) FOR UPDATE`, [[id.p4, id.p5]]);
    const decisions = Promise.all([
      w.api.event('proposals', id.p4, { type: 'RECORD_SELECTION', decision: 'select' }, pd(JST).token),
      w.api.event('proposals', id.p5, { type: 'RECORD_SELECTION', decision: 'select' }, po(JST).token),
    ]);
    for (let waiting = 0, tries = 0; waiting < 2 && tries < 200; tries++) {
      await new Promise((r) => setTimeout(r, 25));
      [{ waiting }] = await w.factory.dataSource.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM workflow_instances%FOR UPDATE%'`,
      );
    }
    await hold.commitTransaction();
    await hold.release();
    const [a, b] = await decisions;

    expect([a.status, b.status].sort()).toEqual([200, 422]);
    const refused = a.status === 422 ? a : b;
    expectProblem(refused, 422, 'rule-violated');
    expect(refused.body.reasons).toEqual([
      `${JST} has 5000000 left of its envelope of 35000000 for FY${FY} (30000000 committed); this proposal asks 10000000`,
    ]);
    expect(await committedOfJst()).toBe(90_000_000);
  });

  it('promotes a waitlisted project only when every agency has budget left for it, and offers the promotion only then', async () => {
    // 5M a year left: p3 (5M a year) fits, p2 (20M a year) does not.
    expect(await allowed('p2', JST)).not.toContain('PROMOTE_FROM_WAITLIST');
    const res = await w.api.event('proposals', id.p2, { type: 'PROMOTE_FROM_WAITLIST' }, pd(JST).token);
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual([
      `${JST} has 5000000 left of its envelope of 35000000 for FY${FY} (30000000 committed); this proposal asks 20000000`,
    ]);
    expect(await w.stateOf('proposals', id.p2)).toBe('waitlisted');

    expect(await allowed('p3', JST)).toContain('PROMOTE_FROM_WAITLIST');
    expect((await w.send('proposals', id.p3, pd(JST), { type: 'PROMOTE_FROM_WAITLIST' })).state).toBe('selected');
    expect(await allowed('p2', JST)).not.toContain('PROMOTE_FROM_WAITLIST');
    expect(await committedOfJst()).toBe(ENVELOPE);
  });

  it('refuses a call-wide confirmation that, with what other proposals already hold, exceeds the envelope', async () => {
    await w.send('calls', callId, po(JST), { type: 'START_SELECTION' });
    // Still recommended: p4 and p5 (one of them selected by JST, waiting for the counterpart); p1 and p3 hold 25M a year.
    const decisions = [id.p4, id.p5].map((proposalId) => ({ proposalId, decision: 'select' }));
    const res = await w.api.event('calls', callId, { type: 'CONFIRM_SELECTION', decisions }, pd(JST).token);
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual(
      [FY, FY + 1, FY + 2].map(
        (fy) =>
          `the selection uses 20000000 of ${JST}'s envelope of 35000000 for FY${fy}, of which 25000000 is already committed`,
      ),
    );
    expect(await committedOfJst()).toBe(ENVELOPE);
  });
});

/** J-RAPID commits money without a selection: each agency approves funding proposal by proposal. */
describe('budget envelopes under J-RAPID funding approvals', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, PH: string;
  const ids: string[] = [];
  const po = (agency: string) => w.who(agency, 'program_officer');

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'PH', currency: 'PHP' }]);
    [JST, PH] = w.agencies;
    const res = await w.createCall(
      'j-rapid',
      [
        { code: JST, cap: 5_000_000, envelope: 6_000_000 },
        { code: PH, cap: 1_000_000, envelope: 10_000_000 },
      ],
      { opensAt: at(1), submissionDeadline: at(14) },
    );
    expectStatus(res, 201);
    const callId = res.body.id;
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(10) });
    await w.send('calls', callId, po(JST), { type: 'OPEN' });
    for (let i = 0; i < 2; i++) {
      const made = await w.proposal(
        callId,
        [
          { agency: JST, budget: 4_000_000 },
          { agency: PH, budget: 800_000 },
        ],
        1,
      );
      expectStatus(made.res, 201);
      ids.push(made.id);
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
    }
    for (const id of ids) {
      await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      for (const agency of [JST, PH])
        await w.send('proposals', id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
      for (const agency of [JST, PH]) {
        await w.review(id, agency, 4);
        await w.send('proposals', id, po(agency), {
          type: 'COMPLETE_AGENCY_REVIEW',
          score: 4,
          recommendation: 'fund',
          summary: `${agency} supports it.`,
        });
      }
      expect(await w.stateOf('proposals', id)).toBe('funding_decision');
    }
  });
  afterAll(() => sut.close());

  it("refuses an agency's funding approval beyond what is left of its envelope, and does not offer it; declining stays possible", async () => {
    await w.send('proposals', ids[0], w.who(JST, 'board_member'), { type: 'APPROVE_FUNDING' });
    const res = await w.api.event('proposals', ids[1], { type: 'APPROVE_FUNDING' }, w.who(JST, 'board_member').token);
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual([
      `${JST} has 2000000 left of its envelope of 6000000 for FY${FY} (4000000 committed); this proposal asks 4000000`,
    ]);
    const offered = (await w.api.get(`/proposals/${ids[1]}`, w.who(JST, 'board_member').token)).body
      .allowedEvents as string[];
    expect(offered).toEqual(['DECLINE_FUNDING']);
    expect((await w.api.get(`/proposals/${ids[1]}`, w.admin.token)).body.progress.fundingApprovals ?? {}).toEqual({});
  });
});
