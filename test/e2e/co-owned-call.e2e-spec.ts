import { FIRST_FISCAL_YEAR as FY, Factory, fiscalEnvelopes } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * The co-owned call (issue 15): each agency approves its own participation (envelope per fiscal
 * year, cap, appointed PO/PD); the call is announced only once all have; the appointed PO/PD alone
 * act for their agency on the call; a project's budget per year is held against that year's
 * envelope; counterpart envelopes not "approximately equivalent" to JST's are warned about.
 * A SICORP bilateral call of JST and a US agency. Tests run in order.
 */
describe('co-owned calls', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, US: string;
  let callId = '';
  const po = (agency: string) => w.who(agency, 'program_officer');
  const pd = (agency: string) => w.who(agency, 'program_director');
  const approval = (agency: string, overrides: Record<string, unknown> = {}) => ({
    type: 'APPROVE_PARTICIPATION',
    envelopes: [
      { fiscalYear: FY, amount: 90_000_000 },
      { fiscalYear: FY + 1, amount: 90_000_000 },
      { fiscalYear: FY + 2, amount: 60_000_000 },
    ],
    capPerProjectPerYear: 30_000_000,
    appointees: [po(agency).userId, pd(agency).userId],
    ...overrides,
  });
  const call = async (token = w.admin.token) => (await w.api.get(`/calls/${callId}`, token)).body;

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'US', currency: 'USD' }]);
    [JST, US] = w.agencies;
  });
  afterAll(() => sut.close());

  it("refuses the lead's figures for a counterpart when the call is created", async () => {
    const res = await w.api.post(
      '/calls',
      {
        program: 'sicorp-bilateral',
        title: 'Typed in by the lead',
        agencies: [
          { code: JST, role: 'lead' },
          { code: US, role: 'counterpart', budgetEnvelope: 1_000_000, capPerProjectPerYear: 100_000 },
        ],
        opensAt: at(-1),
        submissionDeadline: at(30),
      },
      po(JST).token,
    );
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'agencies.1.budgetEnvelope',
      'agencies.1.capPerProjectPerYear',
    ]);
  });

  it('refuses to announce until every agency has approved its participation, with the reasons', async () => {
    const created = await w.api.post(
      '/calls',
      {
        program: 'sicorp-bilateral',
        title: 'Co-owned call',
        agencies: [
          { code: JST, role: 'lead' },
          { code: US, role: 'counterpart' },
        ],
        opensAt: at(-1),
        submissionDeadline: at(30),
      },
      po(JST).token,
    );
    expectStatus(created, 201);
    callId = created.body.id;
    expect(created.body.partnership).toEqual({
      pending: [JST, US],
      equivalence: { tolerance: 0.25, warnings: [] },
    });
    expect(created.body.allowedEvents).not.toContain('ANNOUNCE');
    const refused = await w.api.event('calls', callId, { type: 'ANNOUNCE' }, po(JST).token);
    expectProblem(refused, 422, 'rule-violated');
    expect(refused.body.reasons).toEqual([
      `${JST} has not approved its participation (envelope, cap, appointed PO/PD)`,
      `${US} has not approved its participation (envelope, cap, appointed PO/PD)`,
    ]);
  });

  it("lets each agency's own PO approve its part, and no other agency's staff", async () => {
    // JST's PO cannot approve the US agency's part, nor the US PO JST's.
    expectProblem(await w.api.event('calls', callId, { ...approval(US), agency: US }, po(JST).token), 403, 'forbidden');
    expectProblem(
      await w.api.event('calls', callId, { ...approval(JST), agency: JST }, po(US).token),
      403,
      'forbidden',
    );
    // Appointing someone who is not a PO or PD of the agency is refused.
    const stranger = await w.api.event('calls', callId, approval(US, { appointees: [po(JST).userId] }), po(US).token);
    expectProblem(stranger, 422, 'rule-violated');
    expect(stranger.body.reasons).toEqual([`user ${po(JST).userId} is not a program officer or director of ${US}`]);

    await w.send('calls', callId, po(JST), approval(JST));
    const after = await w.send(
      'calls',
      callId,
      po(US),
      approval(US, {
        envelopes: [
          { fiscalYear: FY, amount: 600_000 },
          { fiscalYear: FY + 1, amount: 400_000 },
          { fiscalYear: FY + 2, amount: 400_000 },
        ],
        capPerProjectPerYear: 200_000,
        jpyPerUnit: 150,
      }),
    );
    expect(after.partnership.pending).toEqual([]);
    expect(after.agencies.find((a: { code: string }) => a.code === US)).toMatchObject({
      budgetEnvelope: 1_400_000,
      capPerProjectPerYear: 200_000,
      envelopes: [
        { fiscalYear: FY, amount: 600_000 },
        { fiscalYear: FY + 1, amount: 400_000 },
        { fiscalYear: FY + 2, amount: 400_000 },
      ],
      appointees: expect.arrayContaining([expect.objectContaining({ id: po(US).userId })]),
    });
    // The lead's PO now may announce (announcing stays the lead's).
    expect((await call(po(JST).token)).allowedEvents).toContain('ANNOUNCE');
  });

  it("warns where a counterpart's envelope is not approximately equivalent to JST's in a fiscal year", async () => {
    // Year 1: 600,000 USD at 150 is 90M JPY (equal); year 2: 60M against 90M; year 3: 60M (equal).
    const body = await call();
    expect(body.partnership.equivalence.warnings).toEqual([
      {
        agency: US,
        fiscalYear: FY + 1,
        message: `FY${FY + 1}: ${US}'s envelope (about JPY 60,000,000) is not within 25% of JST's (JPY 90,000,000)`,
      },
    ]);
    const page = await w.api.get(`/calls/${callId}`, po(US).token);
    expectStatus(page, 200);
  });

  it('lets only the appointed PO/PD act for their agency once appointed: another PO of the agency sees the call but may not act', async () => {
    const other = await w.factory.person('program_officer', JST);
    const seen = await w.api.get(`/calls/${callId}`, other.token);
    expectStatus(seen, 200);
    expect(seen.body.allowedEvents).toEqual([]);
    expectProblem(await w.api.event('calls', callId, { type: 'ANNOUNCE' }, other.token), 403, 'forbidden');
    expectProblem(await w.api.patch(`/calls/${callId}`, { reviewDue: at(40) }, other.token), 403, 'forbidden');
    // An outsider (an agency that does not take part) is told nothing.
    const outsider = await w.factory.person('program_officer', await w.factory.agency());
    expectProblem(await w.api.get(`/calls/${callId}`, outsider.token), 404, 'not-found');
    // The appointed ones act.
    expect((await call(po(JST).token)).allowedEvents).toContain('ANNOUNCE');
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(20) });
    await w.send('calls', callId, pd(JST), { type: 'ANNOUNCE' });
    expect((await w.send('calls', callId, po(JST), { type: 'OPEN' })).state).toBe('open');
  });

  it("holds each year of a project's budget against that fiscal year's envelope of its agency", async () => {
    // The US agency has 400,000 in the second fiscal year (and the third): two projects of 200,000 a year fit; a third
    // does not, though the whole envelope (1,400,000) would hold it.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const made = await w.proposal(callId, [
        { agency: JST, budget: 10_000_000 },
        { agency: US, budget: 200_000 },
      ]);
      expectStatus(made.res, 201);
      ids.push(made.id);
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
    }
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
    for (const id of ids) {
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
    await w.send('calls', callId, po(JST), { type: 'START_PANEL' });
    for (const id of ids) {
      await w.send('proposals', id, w.who(JST, 'panel_member'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: 'fund',
        score: 4.2,
        minutes: 'Joint panel.',
      });
      for (const agency of [JST, US]) await w.send('proposals', id, po(agency), { type: 'SIGN_OFF_PANEL' });
    }
    await w.send('proposals', ids[0], pd(US), { type: 'RECORD_SELECTION', decision: 'select' });
    await w.send('proposals', ids[1], pd(US), { type: 'RECORD_SELECTION', decision: 'select' });
    const refused = await w.api.event(
      'proposals',
      ids[2],
      { type: 'RECORD_SELECTION', decision: 'select' },
      pd(US).token,
    );
    expectProblem(refused, 422, 'rule-violated');
    expect(refused.body.reasons).toEqual([
      `${US} has 0 left of its envelope of 400000 for FY${FY + 1} (400000 committed); this proposal asks 200000`,
    ]);
    expect((await w.api.get(`/proposals/${ids[2]}`, pd(US).token)).body.allowedEvents).toContain('RECORD_SELECTION');
  });

  it('keeps figures per fiscal year as the factories write them', () => {
    expect(fiscalEnvelopes(300, 3).map((e) => e.amount)).toEqual([100, 100, 100, 100, 100]);
  });
});
