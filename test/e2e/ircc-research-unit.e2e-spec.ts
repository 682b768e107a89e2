import { ROLES } from '../../workflows/index.js';
import { Factory, unique, type Person } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * IRCC as the NINS seed describes it, over HTTP (branch ircc). (a) A research unit proposed by NINS
 * with a partner institute abroad goes to the steering committee, then the board meeting establishes
 * it; only then is the open call for its fellow raised with the partner, and the fellow is selected
 * and appointed by the board. (b) Workshop support requests arrive on an institutional project's
 * rolling intake and are decided one by one as they come. (c) Refusals: a unit or call not led by
 * NINS, a fellow call before the unit is established, the board before the steering committee.
 * Tests run in order.
 */
describe('IRCC research units, their fellow calls and workshop support', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  const NINS = 'NINS';
  let PARTNER: string, OTHER: string;
  let unitId = '';
  let callId = '';
  let fellowId = '';
  let candidate: Person;
  const who = (agency: string, role: Parameters<ProgramWorld['who']>[1]) => w.who(agency, role);
  const nins = (role: Parameters<ProgramWorld['who']>[1]) => w.who(NINS, role);

  const unitBody = (extra: Record<string, unknown> = {}) => ({
    name: `IRCC unit for exoplanet astronomy ${unique()}`,
    partnerAgency: PARTNER,
    partnerInstitute: 'Max Planck Institute for Astronomy',
    partnerCountry: 'DE',
    headName: 'Hanako Sato',
    headDepartment: 'National Astronomical Observatory of Japan',
    agreement: 'Memorandum on research collaboration, NINS-MPIA',
    agreementSignedOn: '2027-04-01',
    overseasBranch: 'NINS Europe office, Heidelberg',
    ...extra,
  });

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'DE', currency: 'EUR' },
      { country: 'FR', currency: 'EUR' },
    ]);
    [, PARTNER, OTHER] = w.agencies;
    // NINS by its own code: the programs name it.
    await w.factory.dataSource.query(
      `INSERT INTO agencies (code, name, country, currency) VALUES ('NINS', 'National Institutes of Natural Sciences', 'JP', 'JPY') ON CONFLICT (code) DO NOTHING`,
    );
    w.people[NINS] = {};
    for (const role of ROLES.filter((r) => r !== 'administrator'))
      w.people[NINS][role] = await w.factory.person(role, NINS);
  });
  afterAll(() => sut.close());

  it('refuses a research unit not led by NINS, with the reason, and writes nothing', async () => {
    const before = (await w.api.get('/research-units', w.admin.token)).body.total as number;
    const led = await w.api.post(
      '/research-units',
      unitBody({ leadAgency: PARTNER, partnerAgency: OTHER }),
      who(PARTNER, 'program_officer').token,
    );
    expectProblem(led, 422, 'rule-violated');
    expect(led.body.reasons).toEqual([
      `an IRCC research unit is set up in NINS's IRCC and led by NINS: ${PARTNER} cannot lead one`,
    ]);
    expect((await w.api.get('/research-units', w.admin.token)).body.total).toBe(before);
  });

  it('has NINS propose a unit with its head, partner institute, agreement and overseas branch', async () => {
    const res = await w.api.post('/research-units', unitBody(), nins('program_officer').token);
    expectStatus(res, 201);
    unitId = res.body.id;
    expect(res.body).toMatchObject({
      workflow: 'ircc-research-unit@1',
      state: 'proposed',
      lead: NINS,
      head: { name: 'Hanako Sato', department: 'National Astronomical Observatory of Japan' },
      partner: { agency: PARTNER, institute: 'Max Planck Institute for Astronomy', country: 'DE' },
      agreement: { title: 'Memorandum on research collaboration, NINS-MPIA', signedOn: '2027-04-01' },
      overseasBranch: 'NINS Europe office, Heidelberg',
      fellowCalls: [],
    });
    // The partner's staff see it; an agency outside the unit does not.
    expectStatus(await w.api.get(`/research-units/${unitId}`, who(PARTNER, 'steering_committee_member').token), 200);
    expectProblem(await w.api.get(`/research-units/${unitId}`, who(OTHER, 'program_officer').token), 404, 'not-found');
  });

  it('refuses a fellow call before the unit is established, and a call without a unit or led by another agency', async () => {
    const early = await w.api.post(
      `/research-units/${unitId}/fellow-call`,
      { opensAt: at(1), submissionDeadline: at(30) },
      nins('program_officer').token,
    );
    expectProblem(early, 422, 'rule-violated');
    expect(early.body.reasons).toEqual([
      expect.stringMatching(
        /is not established: its fellow call is raised only after the board meeting has decided to establish it$/,
      ),
    ]);
    const unitless = await w.createCall('ircc-research-unit', [
      { code: NINS, cap: 10_000_000, envelope: 30_000_000 },
      { code: PARTNER, cap: 100_000, envelope: 300_000 },
    ]);
    expectProblem(unitless, 422, 'rule-violated');
    expect(unitless.body.reasons).toEqual([
      'a ircc-research-unit call is the open call for the fellow of an established research unit: name the unit',
    ]);
    const partnerLed = await w.api.post(
      '/calls',
      {
        program: 'ircc-research-unit',
        title: 'Partner-led call',
        agencies: [
          { code: PARTNER, role: 'lead' },
          { code: NINS, role: 'counterpart' },
        ],
        opensAt: at(1),
        submissionDeadline: at(30),
        researchUnitId: unitId,
      },
      who(PARTNER, 'program_officer').token,
    );
    expectProblem(partnerLed, 422, 'rule-violated');
    expect(partnerLed.body.reasons).toContain(
      `program ircc-research-unit calls are led by NINS: ${PARTNER} cannot lead one`,
    );
    expect((await w.api.get(`/research-units/${unitId}`, w.admin.token)).body.fellowCalls).toEqual([]);
  });

  it('refuses the board before the steering committee has deliberated', async () => {
    const establish = { type: 'BOARD_ESTABLISH', date: at(0) };
    const proposed = await w.api.event('research-units', unitId, establish, nins('board_member').token);
    expectProblem(proposed, 422, 'rule-violated');
    expect(proposed.body.reasons).toEqual([
      'the board meeting decides on the establishment of the unit only after the steering committee has concluded its deliberation',
    ]);
    expect(
      (await w.send('research-units', unitId, nins('program_officer'), { type: 'SUBMIT_TO_STEERING_COMMITTEE' })).state,
    ).toBe('steering_committee');
    const deliberating = await w.api.event('research-units', unitId, establish, nins('board_member').token);
    expectProblem(deliberating, 422, 'rule-violated');
    const board = (await w.api.get(`/research-units/${unitId}`, nins('board_member').token)).body;
    expect(board.state).toBe('steering_committee');
    expect(board.allowedEvents).toEqual([]);
  });

  it('has the steering committee deliberate, then the board meeting of NINS establish the unit', async () => {
    await w.send('research-units', unitId, who(PARTNER, 'steering_committee_member'), {
      type: 'RECORD_OPINION',
      recommendation: 'approve',
      opinion: 'The agreement covers the fellow and the overseas branch.',
    });
    expect(
      (
        await w.send('research-units', unitId, nins('steering_committee_member'), {
          type: 'CONCLUDE_DELIBERATION',
          recommendation: 'approve',
          note: 'Establish the unit.',
        })
      ).state,
    ).toBe('board_meeting');
    const establish = { type: 'BOARD_ESTABLISH', date: at(0), note: 'Established from April.' };
    // The board is NINS's: the partner's board member cannot, an outsider does not see the unit.
    expectProblem(
      await w.api.event('research-units', unitId, establish, who(PARTNER, 'board_member').token),
      403,
      'forbidden',
    );
    expectProblem(
      await w.api.event('research-units', unitId, establish, who(OTHER, 'board_member').token),
      404,
      'not-found',
    );
    expect((await w.send('research-units', unitId, nins('board_member'), establish)).state).toBe('established');
    const history = await w.api.get(`/research-units/${unitId}/history`, nins('program_officer').token);
    expect((history.body.items as { event: string }[]).map((h) => h.event)).toEqual([
      'CREATED',
      'SUBMIT_TO_STEERING_COMMITTEE',
      'RECORD_OPINION',
      'CONCLUDE_DELIBERATION',
      'BOARD_ESTABLISH',
    ]);
  });

  it("raises the open call for the established unit's fellow with the partner, with this call's own period", async () => {
    const res = await w.api.post(
      `/research-units/${unitId}/fellow-call`,
      // The catalog's 12-60 months is a placeholder: the call sets its own, beyond it too.
      { opensAt: at(-1), submissionDeadline: at(30), durationMinMonths: 6, durationMaxMonths: 72 },
      nins('program_officer').token,
    );
    expectStatus(res, 201);
    callId = res.body.id;
    const call = (await w.api.get(`/calls/${callId}`, nins('program_officer').token)).body;
    expect(call).toMatchObject({
      program: 'ircc-research-unit',
      workflow: 'ircc-research-unit-call@3',
      proposalWorkflow: 'ircc-fellow-application@3',
      researchUnitId: unitId,
      durationMonths: { min: 6, max: 72 },
    });
    expect(call.agencies.map((a: { code: string; role: string }) => [a.code, a.role])).toEqual([
      [NINS, 'lead'],
      [PARTNER, 'counterpart'],
    ]);
    const unit = (await w.api.get(`/research-units/${unitId}`, nins('program_officer').token)).body;
    expect(unit.fellowCalls.map((c: { id: string }) => c.id)).toEqual([callId]);
    await w.approve(callId, NINS, { cap: 10_000_000, envelope: 30_000_000 });
    await w.approve(callId, PARTNER, { cap: 100_000, envelope: 300_000 });
    await w.send('calls', callId, nins('program_officer'), {
      type: 'CONFIGURE_REVIEW',
      minReviewersPerAgency: 1,
      reviewDue: at(40),
    });
    await w.send('calls', callId, nins('program_officer'), { type: 'ANNOUNCE' });
    expect((await w.send('calls', callId, nins('program_officer'), { type: 'OPEN' })).state).toBe('open');
  });

  it('refuses a second fellow call of the unit (409, naming the first), even two raised at once, and writes nothing', async () => {
    const fellowCalls = async (id: string) =>
      (
        (await w.api.get(`/research-units/${id}`, nins('program_officer').token)).body.fellowCalls as { id: string }[]
      ).map((c) => c.id);
    const again = await w.api.post(
      `/research-units/${unitId}/fellow-call`,
      { opensAt: at(1), submissionDeadline: at(30) },
      nins('program_director').token,
    );
    expectProblem(again, 409, 'conflict');
    expect(again.body.detail).toMatch(
      /^research unit IRCC unit for exoplanet astronomy .* has its fellow call already \(.*, call [0-9a-f-]{36}\): it is raised once$/,
    );
    expect(again.body.detail).toContain(callId);
    expect(await fellowCalls(unitId)).toEqual([callId]);

    // A unit established afresh, its fellow call asked for three times at once: one is raised.
    const other = (await w.api.post('/research-units', unitBody(), nins('program_officer').token)).body.id as string;
    await w.send('research-units', other, nins('program_officer'), { type: 'SUBMIT_TO_STEERING_COMMITTEE' });
    await w.send('research-units', other, who(PARTNER, 'steering_committee_member'), {
      type: 'RECORD_OPINION',
      recommendation: 'approve',
      opinion: 'Agreed.',
    });
    await w.send('research-units', other, nins('steering_committee_member'), {
      type: 'CONCLUDE_DELIBERATION',
      recommendation: 'approve',
      note: 'Establish it.',
    });
    await w.send('research-units', other, nins('board_member'), { type: 'BOARD_ESTABLISH', date: at(0), note: 'Now.' });
    const raised = await Promise.all(
      [1, 2, 3].map(() =>
        w.api.post(
          `/research-units/${other}/fellow-call`,
          { opensAt: at(1), submissionDeadline: at(30) },
          nins('program_officer').token,
        ),
      ),
    );
    expect(raised.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of raised.filter((x) => x.status === 409)) expectProblem(r, 409, 'conflict');
    expect(await fellowCalls(other)).toEqual([raised.find((r) => r.status === 201)!.body.id]);
  });

  it('selects the fellow: both institutes review, the committee agrees, both select, the steering committee and the board appoint', async () => {
    candidate = await w.factory.person('applicant', NINS);
    const made = await w.api.post(
      '/proposals',
      {
        callId,
        title: `IRCC fellow ${unique()}`,
        abstract: 'Exoplanet atmospheres, working mainly at the partner institute.',
        durationMonths: 36,
        parties: [
          {
            agency: NINS,
            piName: 'Host',
            institution: 'NAOJ',
            country: 'JP',
            budgetPerYear: [8_000_000, 8_000_000, 8_000_000],
          },
          {
            agency: PARTNER,
            piName: 'Partner',
            institution: 'MPIA',
            country: 'DE',
            budgetPerYear: [50_000, 50_000, 50_000],
          },
        ],
      },
      candidate.token,
    );
    expectStatus(made, 201);
    expect(made.body.workflow).toBe('ircc-fellow-application@3');
    fellowId = made.body.id;
    await w.send('proposals', fellowId, candidate, { type: 'SUBMIT' });
    await w.send('calls', callId, nins('program_officer'), { type: 'CLOSE' });
    await w.send('calls', callId, nins('program_officer'), { type: 'START_REVIEW' });
    await w.send('proposals', fellowId, nins('program_officer'), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [NINS, PARTNER])
      await w.send('proposals', fellowId, who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
    for (const agency of [NINS, PARTNER]) {
      await w.review(fellowId, agency, 5);
      await w.send('proposals', fellowId, who(agency, 'program_officer'), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 5,
        recommendation: 'fund',
        summary: `${agency}: an excellent candidate.`,
      });
    }
    await w.send('calls', callId, nins('program_officer'), { type: 'START_PANEL' });
    await w.send('proposals', fellowId, nins('panel_member'), {
      type: 'RECORD_PANEL_RESULT',
      recommendation: 'fund',
      score: 4.8,
      minutes: 'Joint selection committee.',
    });
    for (const agency of [NINS, PARTNER])
      await w.send('proposals', fellowId, who(agency, 'program_officer'), { type: 'SIGN_OFF_PANEL' });
    await w.send('calls', callId, nins('program_officer'), { type: 'START_SELECTION' });
    for (const agency of [NINS, PARTNER])
      await w.send('calls', callId, who(agency, 'program_director'), {
        type: 'CONFIRM_SELECTION',
        decisions: [{ proposalId: fellowId, decision: 'select' }],
      });
    expect(await w.stateOf('proposals', fellowId)).toBe('selected');
    await w.send('calls', callId, nins('program_director'), { type: 'SUBMIT_TO_BOARD' });
    await w.send('calls', callId, who(PARTNER, 'steering_committee_member'), {
      type: 'RECORD_OPINION',
      recommendation: 'approve',
      opinion: 'A strong fellow for the unit.',
    });
    await w.send('calls', callId, nins('steering_committee_member'), {
      type: 'CONCLUDE_DELIBERATION',
      recommendation: 'approve',
    });
    await w.send('calls', callId, nins('board_member'), {
      type: 'RECORD_BOARD_MEETING',
      date: at(0),
      attendees: ['President of NINS', 'Director of IRCC'],
    });
    expect((await w.send('calls', callId, nins('board_member'), { type: 'BOARD_APPROVE_SELECTION' })).state).toBe(
      'fellow_appointed',
    );
    expect(await w.stateOf('proposals', fellowId)).toBe('board_approved');
    await w.send('calls', callId, nins('program_officer'), { type: 'ANNOUNCE_RESULTS' });
    expect((await w.api.get(`/proposals/${fellowId}`, candidate.token)).body.state).toBe('awarded');
    // The unit stays established; its page lists the call, now decided.
    const unit = (await w.api.get(`/research-units/${unitId}`, nins('program_officer').token)).body;
    expect(unit.state).toBe('established');
    expect(unit.fellowCalls).toEqual([expect.objectContaining({ id: callId, state: 'results_announced' })]);
  });

  describe('workshop support on the rolling intake of an institutional project', () => {
    let intakeId = '';
    const request = async (organiser: Person, extra: Record<string, unknown> = {}) =>
      w.api.post(
        '/proposals',
        {
          callId: intakeId,
          title: `Workshop ${unique()}`,
          abstract: 'A research workshop of the Accelerated Strategic International Exchange Program.',
          durationMonths: 1,
          parties: [
            {
              agency: NINS,
              piName: `Organiser ${unique()}`,
              institution: 'NIBB',
              country: 'JP',
              budgetPerYear: [1_500_000],
            },
          ],
          ...extra,
        },
        organiser.token,
      );

    it('has NINS alone open the intake; another lead is refused', async () => {
      const body = (lead: string) => ({
        program: 'ircc-workshop-support',
        title: `Institutional project ${unique()}: workshops`,
        agencies: [{ code: lead, role: 'lead' }],
        opensAt: at(-1),
        submissionDeadline: at(365),
        durationMaxMonths: 3,
      });
      const other = await w.api.post('/calls', body(PARTNER), who(PARTNER, 'program_officer').token);
      expectProblem(other, 422, 'rule-violated');
      expect(other.body.reasons).toEqual(
        expect.arrayContaining([`program ircc-workshop-support calls are led by NINS: ${PARTNER} cannot lead one`]),
      );
      const res = await w.api.post('/calls', body(NINS), nins('program_officer').token);
      expectStatus(res, 201);
      intakeId = res.body.id;
      expect(res.body).toMatchObject({
        workflow: 'ircc-workshop-intake@2',
        proposalWorkflow: 'ircc-workshop-support@2',
      });
      // Co-owned like every current call: NINS approves its own part (envelope per fiscal year, cap per workshop).
      await w.approve(intakeId, NINS, { cap: 3_000_000, envelope: 20_000_000 });
      expect((await w.send('calls', intakeId, nins('program_officer'), { type: 'OPEN' })).state).toBe('open');
    });

    it('takes requests as they come and decides each at once, without a partner party', async () => {
      const first = await w.factory.person('applicant', NINS);
      const made = await request(first);
      expectStatus(made, 201);
      expect((await w.send('proposals', made.body.id, first, { type: 'SUBMIT' })).state).toBe('request_review');
      // Decided at once, while the intake stays open.
      expect(
        (await w.send('proposals', made.body.id, nins('program_director'), { type: 'APPROVE_REQUEST' })).state,
      ).toBe('approved');
      expect(await w.stateOf('calls', intakeId)).toBe('open');
      // A later request, with a partner party: refused (the intake is NINS's alone); then without.
      const second = await w.factory.person('applicant', NINS);
      const withPartner = await request(second, {
        parties: [
          { agency: NINS, piName: 'Organiser', institution: 'NIBB', country: 'JP', budgetPerYear: [1_000_000] },
          { agency: PARTNER, piName: 'Partner', institution: 'MPIA', country: 'DE', budgetPerYear: [10_000] },
        ],
      });
      expectProblem(withPartner, 422, 'rule-violated');
      const later = await request(second);
      expectStatus(later, 201);
      await w.send('proposals', later.body.id, second, { type: 'SUBMIT' });
      expect(
        (
          await w.send('proposals', later.body.id, nins('program_director'), {
            type: 'DECLINE_REQUEST',
            reason: 'The workshop falls outside the institutional project.',
          })
        ).state,
      ).toBe('declined');
      const mine = await w.api.get(`/proposals/${made.body.id}`, first.token);
      expect(mine.body.progress.request).toEqual({ approved: true, reason: null });
      const listed = await w.api.get(`/proposals?callId=${intakeId}`, nins('program_officer').token);
      expect((listed.body.items as { state: string }[]).map((p) => p.state).sort()).toEqual(['approved', 'declined']);
    });
  });
});
