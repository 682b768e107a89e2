import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { ProgramWorld } from '../support/program-world.js';

/**
 * The program catalog over HTTP: every program of the seeds is served with its rules and workflows,
 * and a call is refused, with every reason and nothing written, when it does not fit its program.
 */
describe('program catalog', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, US: string, DE: string;
  const counts = async () =>
    (
      await w.factory.dataSource.query(
        `SELECT (SELECT count(*)::int FROM calls) AS calls, (SELECT count(*)::int FROM workflow_instances) AS instances, (SELECT count(*)::int FROM call_agencies) AS agencies`,
      )
    )[0];
  const bilateral = (jstCap = 30_000_000) => [
    { code: JST, cap: jstCap, envelope: 300_000_000 },
    { code: US, cap: 200_000, envelope: 2_000_000 },
  ];

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'US', currency: 'USD' },
      { country: 'DE', currency: 'EUR' },
    ]);
    [JST, US, DE] = w.agencies;
  });
  afterAll(() => sut.close());

  it('serves the seven programs of the seeds with their rules and workflows', async () => {
    const res = await w.api.get('/programs', w.who(JST, 'program_officer').token);
    expectStatus(res, 200);
    const codes = (res.body.items as { code: string }[]).map((p) => p.code);
    for (const code of [
      'sicorp-bilateral',
      'e-asia-jrp',
      'concert-japan',
      'belmont-forum',
      'chirp',
      'j-rapid',
      'ircc-research-unit',
    ])
      expect(codes).toContain(code);
    const eAsia = (await w.api.get('/programs/e-asia-jrp', w.who(JST, 'program_officer').token)).body;
    expect(eAsia).toMatchObject({
      minAgencies: 3,
      maxAgencies: null,
      durationMonths: { min: 36, max: 36 },
      jstBudgetPerYear: { min: 6_000_000, max: 13_000_000, currency: 'JPY' },
      rules: { agencies: { mustInclude: ['JST'], minCountries: 3 }, proposals: { routing: 'parties', minParties: 3 } },
      workflows: {
        call: 'e-asia-joint-call@3',
        proposal: 'e-asia-joint-proposal@3',
        assignment: 'review-assignment@2',
      },
    });
  });

  it('lets an administrator create a program with its agency and routing rules, which calls are then held to', async () => {
    const code = `multi-${Date.now()}`;
    const res = await w.api.post(
      '/programs',
      {
        code,
        name: 'A multilateral program',
        callWorkflow: 'e-asia-joint-call@2',
        proposalWorkflow: 'e-asia-joint-proposal@1',
        minAgencies: 3,
        durationMinMonths: 12,
        durationMaxMonths: 24,
        mustInclude: ['JST'],
        regions: [{ region: 'europe', min: 2 }],
        routing: 'parties',
        minParties: 3,
      },
      w.admin.token,
    );
    expectStatus(res, 201);
    expect(res.body.rules).toEqual({
      agencies: { mustInclude: ['JST'], regions: [{ region: 'europe', min: 2 }], minCountries: null },
      proposals: { routing: 'parties', minParties: 3 },
    });
    const call = await w.createCall(code, [...bilateral(), { code: DE, cap: 100_000, envelope: 1_000_000 }]);
    expectProblem(call, 422, 'rule-violated');
    expect(call.body.reasons).toEqual([`program ${code} needs at least 2 agencies from europe; the call has 1`]);
  });

  it.each([
    [
      'a third agency for a bilateral program',
      () => [...bilateral(), { code: DE, cap: 100_000, envelope: 1_000_000 }],
      {},
      () => ['program sicorp-bilateral allows at most 2 agencies'],
    ],
    [
      'a research period beyond 5 years',
      () => bilateral(),
      { durationMaxMonths: 72 },
      () => ["a research period of 36-72 months is outside program sicorp-bilateral's 36-60 months"],
    ],
    [
      'a research period shorter than 3 years',
      () => bilateral(),
      { durationMinMonths: 24, durationMaxMonths: 36 },
      () => ["a research period of 24-36 months is outside program sicorp-bilateral's 36-60 months"],
    ],
    [
      'no JST among the agencies',
      () => [
        { code: DE, cap: 100_000, envelope: 1_000_000 },
        { code: US, cap: 200_000, envelope: 2_000_000 },
      ],
      {},
      () => ['program sicorp-bilateral calls always include JST'],
    ],
  ])('refuses a SICORP bilateral call with %s, writing nothing', async (_case, agencies, extra, reasons) => {
    const before = await counts();
    const res = await w.createCall('sicorp-bilateral', agencies(), extra);
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual(reasons());
    expect(await counts()).toEqual(before);
  });

  it.each([
    [
      "above the program's JPY 100 million",
      120_000_000,
      "JST's cap of 120000000 per project per year is above the program's 100000000",
    ],
    [
      "below the program's JPY 5 million",
      4_000_000,
      "JST's cap of 4000000 per project per year is below the program's minimum of 5000000",
    ],
  ])(
    "refuses JST's approval of a co-owned SICORP call with its cap %s, recording nothing",
    async (_case, cap, reason) => {
      const res = await w.createCall('sicorp-bilateral', bilateral(), {}, { approve: false });
      expectStatus(res, 201);
      const refused = await w.approve(res.body.id, JST, { cap, envelope: 3_000_000_000 }, 422);
      expect(refused.reasons).toEqual([reason]);
      const call = await w.api.get(`/calls/${res.body.id}`, w.admin.token);
      expect(call.body.agencies.find((a: { code: string }) => a.code === JST)).toMatchObject({
        approvedAt: null,
        capPerProjectPerYear: null,
        envelopes: [],
      });
      expect(call.body.partnership.pending).toEqual([JST, US]);
    },
  );

  it("holds proposals to the research period the call narrowed within its program's", async () => {
    const res = await w.createCall('sicorp-bilateral', bilateral(), { durationMinMonths: 36, durationMaxMonths: 48 });
    expectStatus(res, 201);
    expect(res.body.durationMonths).toEqual({ min: 36, max: 48 });
    const callId = res.body.id;
    await w.send('calls', callId, w.who(JST, 'program_officer'), { type: 'ANNOUNCE' });
    await w.send('calls', callId, w.who(JST, 'program_officer'), { type: 'OPEN' });
    const five = await w.proposal(
      callId,
      [
        { agency: JST, budget: 20_000_000 },
        { agency: US, budget: 100_000 },
      ],
      5,
    );
    expectStatus(five.res, 201);
    const submit = await w.api.event('proposals', five.id, { type: 'SUBMIT' }, five.applicant.token);
    expectProblem(submit, 422, 'rule-violated');
    expect(submit.body.reasons).toEqual(["duration of 60 months is outside the program's 36-48 months"]);
    const four = await w.proposal(
      callId,
      [
        { agency: JST, budget: 20_000_000 },
        { agency: US, budget: 100_000 },
      ],
      4,
    );
    expect((await w.send('proposals', four.id, four.applicant, { type: 'SUBMIT' })).state).toBe('submitted');
  });
});
