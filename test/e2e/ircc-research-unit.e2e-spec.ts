import { Factory, unique, type Person } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * Two IRCC research units walked side by side over HTTP: for each, NINS and its partner institute
 * abroad raise the open call for the unit's research fellow together and both review the
 * candidate; their joint selection committee agrees and both select the fellow; the steering
 * committee deliberates; the board meeting establishes the first unit, the fellow appointed, and
 * rejects the second one's only candidate, so that unit is not established. Beside them, a
 * workshop support request approved by the center and reported after the workshop. Tests run in order.
 */
describe('IRCC research units and workshop support', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let NINS: string, PARTNER: string, OTHER: string;
  /** Each unit's call and its one candidate. */
  const units = [0, 1].map(() => ({ callId: '', fellowId: '', candidate: undefined as unknown as Person }));
  const [established, notEstablished] = units;
  let workshopId = '';
  let organiser: Person;
  const who = (agency: string, role: Parameters<ProgramWorld['who']>[1]) => w.who(agency, role);
  const lead = (role: Parameters<ProgramWorld['who']>[1]) => w.who(NINS, role);

  /** A proposal to a unit's call by a new applicant of NINS, hosted at NINS and the partner. */
  async function propose(callId: string, extra: Record<string, unknown>, months: number, budgets: [number, number]) {
    const applicant = await w.factory.person('applicant', NINS);
    const years = Math.ceil(months / 12);
    const res = await w.api.post(
      '/proposals',
      {
        callId,
        title: `IRCC ${unique()}`,
        abstract: 'International collaboration of NINS and its partner institute.',
        durationMonths: months,
        parties: [
          {
            agency: NINS,
            piName: `Host ${unique()}`,
            institution: 'National Astronomical Observatory of Japan',
            country: 'JP',
            budgetPerYear: Array(years).fill(budgets[0]),
          },
          {
            agency: PARTNER,
            piName: `Partner ${unique()}`,
            institution: 'Partner institute',
            country: 'DE',
            budgetPerYear: Array(years).fill(budgets[1]),
          },
        ],
        ...extra,
      },
      applicant.token,
    );
    expectStatus(res, 201);
    return { id: res.body.id as string, workflow: res.body.workflow as string, applicant };
  }

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'JP', currency: 'JPY' },
      { country: 'DE', currency: 'EUR' },
      { country: 'FR', currency: 'EUR' },
    ]);
    [, NINS, PARTNER, OTHER] = w.agencies;
  });
  afterAll(() => sut.close());

  it('has NINS raise the open call for each unit fellow together with the partner institute', async () => {
    for (const unit of units) {
      const res = await w.api.post(
        '/calls',
        {
          program: 'ircc-research-unit',
          title: `IRCC research unit ${unique()}`,
          agencies: [
            { code: NINS, role: 'lead', budgetEnvelope: 30_000_000, capPerProjectPerYear: 10_000_000 },
            { code: PARTNER, role: 'counterpart', budgetEnvelope: 300_000, capPerProjectPerYear: 100_000 },
          ],
          opensAt: at(-1),
          submissionDeadline: at(30),
        },
        lead('program_officer').token,
      );
      expectStatus(res, 201);
      unit.callId = res.body.id;
      expect(res.body).toMatchObject({ program: 'ircc-research-unit', workflow: 'ircc-research-unit-call@2' });
      await w.send('calls', unit.callId, lead('program_officer'), {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: 1,
        reviewDue: at(40),
      });
      await w.send('calls', unit.callId, lead('program_officer'), { type: 'ANNOUNCE' });
      expect((await w.send('calls', unit.callId, lead('program_officer'), { type: 'OPEN' })).state).toBe('open');
    }
  });

  it('takes a workshop support request on its own workflow, refusing a kind the program does not have', async () => {
    const unknownKind = await w.api.post(
      '/proposals',
      {
        callId: established.callId,
        title: 'x',
        abstract: 'x',
        durationMonths: 1,
        kind: 'assignment',
        parties: [{ agency: NINS, piName: 'x', institution: 'x', country: 'JP', budgetPerYear: [1] }],
      },
      lead('applicant').token,
    );
    expectProblem(unknownKind, 422, 'rule-violated');
    expect(unknownKind.body.reasons).toEqual(['program ircc-research-unit takes no proposals of kind assignment']);
    const made = await propose(established.callId, { kind: 'workshop' }, 1, [2_000_000, 20_000]);
    expect(made.workflow).toBe('ircc-workshop-support@1');
    workshopId = made.id;
    organiser = made.applicant;
    expect((await w.send('proposals', workshopId, organiser, { type: 'SUBMIT' })).state).toBe('request_review');
  });

  it('has the center (NINS) approve the workshop support; the partner cannot, and the organisers report after the workshop', async () => {
    expectProblem(
      await w.api.event('proposals', workshopId, { type: 'APPROVE_REQUEST' }, who(PARTNER, 'program_director').token),
      403,
      'forbidden',
    );
    expectProblem(
      await w.api.event('proposals', workshopId, { type: 'APPROVE_REQUEST' }, who(OTHER, 'program_director').token),
      404,
      'not-found',
    );
    expect((await w.send('proposals', workshopId, lead('program_director'), { type: 'APPROVE_REQUEST' })).state).toBe(
      'approved',
    );
    const mine = await w.api.get(`/proposals/${workshopId}`, organiser.token);
    expect(mine.body.progress.request).toEqual({ approved: true, reason: null });
    expect(
      (
        await w.send('proposals', workshopId, organiser, {
          type: 'SUBMIT_REPORT',
          report: 'Two days, forty participants, three joint papers planned.',
        })
      ).state,
    ).toBe('reported');
  });

  it('takes each unit candidate fellow application, reviewed by NINS and the partner', async () => {
    for (const unit of units) {
      const made = await propose(unit.callId, {}, 36, [8_000_000, 50_000]);
      expect(made.workflow).toBe('ircc-fellow-application@1');
      Object.assign(unit, { fellowId: made.id, candidate: made.applicant });
      await w.send('proposals', unit.fellowId, unit.candidate, { type: 'SUBMIT' });
      await w.send('calls', unit.callId, lead('program_officer'), { type: 'CLOSE' });
      await w.send('calls', unit.callId, lead('program_officer'), { type: 'START_REVIEW' });
      await w.send('proposals', unit.fellowId, lead('program_officer'), { type: 'START_ELIGIBILITY_CHECK' });
      for (const agency of [NINS, PARTNER])
        await w.send('proposals', unit.fellowId, who(agency, 'agency_officer'), {
          type: 'RULE_ELIGIBILITY',
          eligible: true,
        });
      for (const agency of [NINS, PARTNER]) {
        await w.review(unit.fellowId, agency, 5);
        await w.send('proposals', unit.fellowId, who(agency, 'program_officer'), {
          type: 'COMPLETE_AGENCY_REVIEW',
          score: 5,
          recommendation: 'fund',
          summary: `${agency}: an excellent candidate.`,
        });
      }
      expect(await w.stateOf('proposals', unit.fellowId)).toBe('joint_panel');
    }
  });

  it('has the joint selection committee agree and both institutes select each fellow, hidden from the candidates', async () => {
    for (const unit of units) {
      await w.send('calls', unit.callId, lead('program_officer'), { type: 'START_PANEL' });
      await w.send('proposals', unit.fellowId, lead('panel_member'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: 'fund',
        score: 4.8,
        minutes: 'Joint selection committee.',
      });
      for (const agency of [NINS, PARTNER])
        await w.send('proposals', unit.fellowId, who(agency, 'program_officer'), { type: 'SIGN_OFF_PANEL' });
      await w.send('calls', unit.callId, lead('program_officer'), { type: 'START_SELECTION' });
      for (const agency of [NINS, PARTNER]) {
        await w.send('calls', unit.callId, who(agency, 'program_director'), {
          type: 'CONFIRM_SELECTION',
          decisions: [{ proposalId: unit.fellowId, decision: 'select' }],
        });
      }
      expect(await w.stateOf('proposals', unit.fellowId)).toBe('selected');
      const mine = await w.api.get(`/proposals/${unit.fellowId}`, unit.candidate.token);
      expect(mine.body.state).toBe('under_review');
    }
  });

  it('has the steering committee deliberate before the board meeting can decide', async () => {
    for (const unit of units) {
      expect((await w.send('calls', unit.callId, lead('program_director'), { type: 'SUBMIT_TO_BOARD' })).state).toBe(
        'board_review.steering_committee',
      );
      expectProblem(
        await w.api.event('calls', unit.callId, { type: 'BOARD_APPROVE_SELECTION' }, lead('board_member').token),
        409,
      );
      await w.send('calls', unit.callId, who(PARTNER, 'steering_committee_member'), {
        type: 'RECORD_OPINION',
        recommendation: 'approve',
        opinion: 'The unit fits our joint programme.',
      });
      const concluded = await w.send('calls', unit.callId, lead('steering_committee_member'), {
        type: 'CONCLUDE_DELIBERATION',
        recommendation: 'approve',
        note: 'Establish the unit.',
      });
      expect(concluded.state).toBe('board_review.board_meeting');
      await w.send('calls', unit.callId, lead('board_member'), {
        type: 'RECORD_BOARD_MEETING',
        date: at(0),
        attendees: ['President of NINS', 'Director of IRCC'],
      });
    }
  });

  it("lets only the lead institute's board decide: a board member of another agency cannot", async () => {
    expectProblem(
      await w.api.event(
        'calls',
        established.callId,
        { type: 'BOARD_APPROVE_SELECTION' },
        who(PARTNER, 'board_member').token,
      ),
      403,
      'forbidden',
    );
    expectProblem(
      await w.api.event(
        'calls',
        established.callId,
        { type: 'BOARD_APPROVE_SELECTION' },
        who(OTHER, 'board_member').token,
      ),
      404,
      'not-found',
    );
    expect(await w.stateOf('calls', established.callId)).toBe('board_review.board_meeting');
  });

  it('has the board meeting establish the first unit, the fellow appointed when the decision is announced', async () => {
    const { callId, fellowId, candidate } = established;
    expect(
      (
        await w.send('calls', callId, lead('board_member'), {
          type: 'BOARD_APPROVE_SELECTION',
          note: 'Unit established.',
        })
      ).state,
    ).toBe('unit_established');
    expect(await w.stateOf('proposals', fellowId)).toBe('board_approved');
    const history = await w.api.get(`/proposals/${fellowId}/history`, candidate.token);
    expect((history.body.items as { event: string }[]).map((h) => h.event)).not.toContain('BOARD_APPROVE');
    expect((await w.send('calls', callId, lead('program_officer'), { type: 'ANNOUNCE_RESULTS' })).state).toBe(
      'results_announced',
    );
    const mine = await w.api.get(`/proposals/${fellowId}`, candidate.token);
    expect(mine.body.state).toBe('awarded');
  });

  it('leaves the second unit not established when the board rejects its only candidate', async () => {
    const { callId, fellowId, candidate } = notEstablished;
    const rejection = { proposalId: fellowId, reason: 'The partner agreement is not signed yet.' };
    expect(
      (
        await w.send('calls', callId, lead('board_member'), {
          type: 'BOARD_APPROVE_SELECTION',
          rejections: [rejection],
        })
      ).state,
    ).toBe('unit_not_established');
    expect(await w.stateOf('proposals', fellowId)).toBe('board_rejected');
    await w.send('calls', callId, lead('program_officer'), { type: 'ANNOUNCE_RESULTS' });
    const mine = await w.api.get(`/proposals/${fellowId}`, candidate.token);
    expect(mine.body.state).toBe('not_funded');
  });
});
