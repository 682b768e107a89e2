import { FireTimer } from '../../src/effects/fire-timer.handler.js';
import { Factory, fiscalEnvelopes, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

const DAY = 24 * 3600 * 1000;

/**
 * J-RAPID as seed 003 describes it, walked over HTTP (j-rapid-call@3): the call records the disaster
 * (what, when, where) and the affected country; its counterpart must be that country's government
 * organisation; it opens within the program's days of the disaster and sets the rapid timeline's
 * timers; JST's cap is the call's own (the catalog's JPY 10 million is a placeholder and the most
 * it may be) and holds at submission; the team must include a local researcher; the review is the
 * light one (one reviewer per agency) and both agencies decide. Tests run in order.
 */
describe('J-RAPID: the disaster, the affected country and the rapid timeline', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, TR: string, TR_PRIVATE: string, GR: string;
  let callId = '';
  let proposalId = '';
  let applicantToken = '';
  const po = (agency: string) => w.who(agency, 'program_officer');
  const disaster = () => ({
    what: 'Magnitude 7.8 earthquake',
    occurredOn: at(-5).slice(0, 10),
    where: 'Hatay province',
  });
  const create = (counterpart: string, extra: Record<string, unknown> = {}) =>
    w.api.post(
      '/calls',
      {
        program: 'j-rapid',
        title: `J-RAPID call ${unique()}`,
        agencies: [
          { code: JST, role: 'lead' },
          { code: counterpart, role: 'counterpart' },
        ],
        opensAt: at(1),
        submissionDeadline: at(21),
        reviewDue: at(28),
        disaster: disaster(),
        affectedCountry: 'TR',
        ...extra,
      },
      po(JST).token,
    );

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'TR', currency: 'TRY' },
      { country: 'TR', currency: 'TRY', governmental: false },
      { country: 'GR', currency: 'EUR' },
    ]);
    [JST, TR, TR_PRIVATE, GR] = w.agencies;
  });
  afterAll(() => sut.close());

  it('refuses a J-RAPID call that records no disaster or affected country, naming the fields, and writes nothing', async () => {
    const before = await sut.dataSource.query(`SELECT count(*)::int AS n FROM calls`);
    const res = await create(TR, { disaster: undefined, affectedCountry: undefined });
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'disaster', message: 'a j-rapid call records the disaster it answers (what, when, where)' },
        { field: 'affectedCountry', message: 'a j-rapid call names the country the disaster struck' },
      ]),
    );
    expect(await sut.dataSource.query(`SELECT count(*)::int AS n FROM calls`)).toEqual(before);
  });

  it("refuses a counterpart that is not of the affected country, or not its government's", async () => {
    const foreign = await create(GR);
    expectProblem(foreign, 422, 'rule-violated');
    expect(foreign.body.reasons).toEqual([`${GR} is an agency of GR, not of the affected country TR`]);
    expect(foreign.body.errors[0].field).toBe('agencies.1.code');

    const ngo = await create(TR_PRIVATE);
    expectProblem(ngo, 422, 'rule-violated');
    expect(ngo.body.reasons).toEqual([`${TR_PRIVATE} is not a government organisation of its country`]);
  });

  it('refuses a call that would open later than the rapid timeline allows after the disaster', async () => {
    const late = await create(TR, {
      disaster: {
        what: 'Flood',
        occurredOn: new Date(Date.now() - 120 * DAY).toISOString().slice(0, 10),
        where: 'Rize',
      },
    });
    expectProblem(late, 422, 'rule-violated');
    expect(late.body.reasons).toEqual(['a j-rapid call opens within 90 days of the disaster (rapid deployment)']);
  });

  it('refuses a disaster on a call of another program', async () => {
    const res = await w.api.post(
      '/calls',
      {
        program: 'sicorp-bilateral',
        title: `SICORP call ${unique()}`,
        agencies: [
          { code: JST, role: 'lead' },
          { code: TR, role: 'counterpart' },
        ],
        opensAt: at(1),
        submissionDeadline: at(30),
        disaster: disaster(),
        affectedCountry: 'TR',
      },
      po(JST).token,
    );
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual([
      'program sicorp-bilateral calls do not answer a disaster',
      'program sicorp-bilateral calls have no affected country',
    ]);
  });

  it('creates the call with its disaster and affected country, the counterpart marked governmental', async () => {
    const res = await create(TR);
    expectStatus(res, 201);
    callId = res.body.id;
    w.affected.set(callId, 'TR');
    expect(res.body).toMatchObject({
      workflow: 'j-rapid-call@3',
      disaster: disaster(),
      affectedCountry: 'TR',
    });
    expect((await w.api.get(`/agencies/${TR}`, po(JST).token)).body.governmental).toBe(true);
    expect((await w.api.get(`/agencies/${TR_PRIVATE}`, po(JST).token)).body.governmental).toBe(false);
  });

  it("takes JST's cap as the call's own setting, at most the catalog's placeholder of JPY 10 million", async () => {
    const approve = (agency: string, cap: number) =>
      w.api.event(
        'calls',
        callId,
        {
          type: 'APPROVE_PARTICIPATION',
          agency,
          envelopes: fiscalEnvelopes(agency === JST ? 30_000_000 : 6_000_000, 1),
          capPerProjectPerYear: cap,
          appointees: [po(agency).userId, w.who(agency, 'program_director').userId],
          ...(agency === JST ? {} : { jpyPerUnit: 4 }),
        },
        po(agency).token,
      );
    const over = await approve(JST, 12_000_000);
    expectProblem(over, 422, 'rule-violated');
    expect(over.body.reasons).toContain(
      `${JST}'s cap of 12000000 per project per year is above the program's 10000000`,
    );
    expectStatus(await approve(JST, 3_000_000), 200);
    expectStatus(await approve(TR, 1_500_000), 200);
    const call = await w.api.get(`/calls/${callId}`, po(JST).token);
    expect(call.body.agencies.find((a: { code: string }) => a.code === JST).capPerProjectPerYear).toBe(3_000_000);
  });

  it("opens the call at once, with the rapid timeline's reminder and escalation set from the opening", async () => {
    // No review set-up: the program's lighter review (one reviewer per agency) holds until the call sets its own.
    const opened = Date.now();
    expect((await w.send('calls', callId, po(JST), { type: 'OPEN' })).state).toBe('open');
    const timers: { name: string; due_at: Date; event: { type: string } }[] = await sut.dataSource.query(
      `SELECT name, due_at, event FROM timers WHERE instance_id = $1 AND state = 'scheduled' AND name LIKE 'rapid-%' ORDER BY name`,
      [callId],
    );
    expect(timers.map((t) => [t.name, t.event.type])).toEqual([
      ['rapid-decisions-overdue', 'ESCALATE_RAPID_DECISIONS'],
      ['rapid-decisions-reminder', 'REMIND_RAPID_DECISIONS'],
    ]);
    const days = (t: { due_at: Date }) => Math.round((new Date(t.due_at).getTime() - opened) / DAY);
    expect(timers.map(days)).toEqual([60, 53]);
  });

  it('invites local researchers only to the party of the affected country', async () => {
    const made = await w.proposal(
      callId,
      [
        { agency: JST, budget: 2_500_000 },
        { agency: TR, budget: 1_000_000 },
      ],
      1,
      { localResearcher: false },
    );
    expectStatus(made.res, 201);
    proposalId = made.id;
    applicantToken = made.applicant.token;
    const wrong = await w.api.post(
      `/proposals/${proposalId}/members`,
      {
        agency: JST,
        role: 'member',
        name: 'Aki Local',
        email: `${unique('aki').toLowerCase()}@example.jp`,
        institution: 'Tohoku',
        local: true,
      },
      made.applicant.token,
    );
    expectProblem(wrong, 422, 'rule-violated');
    expect(wrong.body.reasons).toEqual([
      `a local researcher is based in TR, the country the disaster struck: invite them to that country's party, not ${JST}'s`,
    ]);
  });

  it('refuses the submission of a team without a local researcher, then takes it with one', async () => {
    const token = applicantToken;
    const refused = await w.api.event('proposals', proposalId, { type: 'SUBMIT' }, token);
    expectProblem(refused, 422, 'rule-violated');
    expect(refused.body.reasons).toEqual([
      'the team has 0 local researcher(s) based in TR, the country the disaster struck; the program requires 1',
    ]);
    expect(await w.stateOf('proposals', proposalId)).toBe('draft');
    const invited = await w.api.post(
      `/proposals/${proposalId}/members`,
      {
        agency: TR,
        role: 'member',
        name: 'Elif Yerel',
        email: `${unique('elif').toLowerCase()}@example.edu.tr`,
        institution: 'Hatay Mustafa Kemal University',
        local: true,
      },
      token,
    );
    expectStatus(invited, 201);
    expect(invited.body).toMatchObject({ agency: TR, local: true });
    expect((await w.api.event('proposals', proposalId, { type: 'SUBMIT' }, token)).status).toBe(200);
  });

  it("refuses a budget above the call's own cap at submission", async () => {
    const made = await w.proposal(
      callId,
      [
        { agency: JST, budget: 3_500_000 },
        { agency: TR, budget: 1_000_000 },
      ],
      1,
    );
    const res = await w.api.event('proposals', made.id, { type: 'SUBMIT' }, made.applicant.token);
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual([`party of ${JST} requests 3500000 in year 1, above the cap of 3000000`]);
  });

  it("reviews the proposal lightly (one reviewer per agency, the program's default) and funds it once both agencies agree", async () => {
    await w.send('proposals', proposalId, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, TR])
      await w.send('proposals', proposalId, w.who(agency, 'agency_officer'), {
        type: 'RULE_ELIGIBILITY',
        eligible: true,
      });
    for (const agency of [JST, TR]) {
      await w.review(proposalId, agency, 4);
      await w.send('proposals', proposalId, po(agency), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 4,
        recommendation: 'fund',
        summary: `${agency}: urgent field survey of the fault rupture.`,
      });
    }
    expect(await w.stateOf('proposals', proposalId)).toBe('funding_decision');
    for (const agency of [JST, TR])
      await w.send('proposals', proposalId, w.who(agency, 'program_director'), { type: 'APPROVE_FUNDING' });
    expect(await w.stateOf('proposals', proposalId)).toBe('board_approved');
    expect((await w.send('proposals', proposalId, po(JST), { type: 'ANNOUNCE_RESULT' })).state).toBe('awarded');
  });

  it("escalates the call's decisions to the agencies' PDs and POs when the rapid timeline's time is up", async () => {
    await sut.dataSource.query(
      `UPDATE timers SET due_at = now() WHERE instance_id = $1 AND name = 'rapid-decisions-overdue' AND state = 'scheduled'`,
      [callId],
    );
    const [timer] = await sut.dataSource.query(
      `SELECT id, generation FROM timers WHERE instance_id = $1 AND name = 'rapid-decisions-overdue'`,
      [callId],
    );
    await sut.app
      .get(FireTimer)
      .handle({ timerId: timer.id, generation: timer.generation }, { id: 'rapid', attempt: 1, finalAttempt: true });
    const [fired] = await sut.dataSource.query(`SELECT state FROM timers WHERE id = $1`, [timer.id]);
    expect(fired.state).toBe('fired');
    const notices = await sut.dataSource.query(
      `SELECT payload FROM outbox WHERE instance_id = $1 AND kind = 'notify' AND payload->>'template' = 'rapid-decisions-overdue'`,
      [callId],
    );
    expect(notices).toHaveLength(1);
    expect(notices[0].payload.audience).toEqual(['participant-program-directors', 'participant-program-officers']);
    expect(await w.stateOf('calls', callId)).toBe('open');
  });

  it('lets only administrators mark an agency governmental, and then takes it as the counterpart', async () => {
    expectProblem(await w.api.patch(`/agencies/${TR_PRIVATE}`, { governmental: true }, po(JST).token), 403);
    expectProblem(await w.api.patch(`/agencies/${TR_PRIVATE}`, { governmental: 'yes' }, w.admin.token), 400);
    const marked = await w.api.patch(`/agencies/${TR_PRIVATE}`, { governmental: true }, w.admin.token);
    expectStatus(marked, 200);
    expect(marked.body).toMatchObject({ code: TR_PRIVATE, country: 'TR', governmental: true });
    expectStatus(await create(TR_PRIVATE), 201);
  });
});
