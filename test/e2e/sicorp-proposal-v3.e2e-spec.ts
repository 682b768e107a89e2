import { callAtBoard } from '../browser/board-call.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectStatus } from '../support/http.js';

const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * A SICORP bilateral call on sicorp-joint-proposal@3 walked to its final decisions: the panel's
 * sign-offs and the board's items hold their durable timers; the board rejects one project; its
 * applicants ask for redress, which the PD of one of its agencies upholds: the project is reviewed
 * again, selected and approved, and awarded. Tests run in order.
 */
describe('SICORP proposal version 3: redress back into evaluation, to an award', () => {
  let sut: TestApp;
  let factory: Factory;
  let world: World;
  let ids: string[] = [];
  const who = (agency: string, role: string): Person => world.people[agency][role];
  const api = () => client(sut.url);
  const send = async (resource: 'calls' | 'proposals' | 'assignments', id: string, p: Person, body: object) => {
    const res = await api().event(resource, id, body as Record<string, unknown>, p.token);
    expectStatus(res, 200);
    return res.body as { state: string };
  };
  const timerNames = async (id: string): Promise<string[]> =>
    (
      (await sut.dataSource.query(`SELECT name FROM timers WHERE instance_id = $1 ORDER BY name`, [id])) as {
        name: string;
      }[]
    ).map((r) => r.name);

  beforeAll(async () => {
    sut = await startTestApp();
    factory = new Factory(sut.app);
    world = await factory.world();
    // The world's program pins version 1; its call runs on the program's current version instead.
    await sut.dataSource.query(`UPDATE calls SET proposal_workflow = 'sicorp-joint-proposal@3' WHERE id = $1`, [
      world.callId,
    ]);
    ids = await callAtBoard(sut.app, factory, world, ['Coastal sensing', 'Tidal energy']);
  }, 240_000);
  afterAll(() => sut.close());

  it('ran each stage with its due-date timers on version 3', async () => {
    const [first] = ids;
    const row = await sut.dataSource.query(
      `SELECT workflow_id || '@' || workflow_version AS w, state FROM workflow_instances WHERE id = $1`,
      [first],
    );
    expect(row[0]).toEqual({ w: 'sicorp-joint-proposal@3', state: 'selected' });
    expect(await timerNames(first)).toEqual(
      expect.arrayContaining([
        'board-overdue',
        'board-reminder',
        'consolidation-overdue',
        'consolidation-reminder',
        'eligibility-overdue',
        'eligibility-reminder',
        'sign-off-overdue',
        'sign-off-reminder',
      ]),
    );
  });

  it('has the board approve one project and reject the other; the results are announced', async () => {
    const { lead, counterpart: cp } = world;
    await send('calls', world.callId, who(lead, 'steering_committee_member'), {
      type: 'RECORD_OPINION',
      recommendation: 'approve',
      opinion: 'A balanced list.',
    });
    await send('calls', world.callId, who(cp, 'steering_committee_member'), {
      type: 'RECORD_OPINION',
      recommendation: 'approve',
      opinion: 'Agreed.',
    });
    await send('calls', world.callId, who(lead, 'steering_committee_member'), {
      type: 'CONCLUDE_DELIBERATION',
      recommendation: 'approve',
    });
    await send('calls', world.callId, who(lead, 'board_member'), {
      type: 'RECORD_BOARD_MEETING',
      date: at(40),
      attendees: ['Chair', 'Member A'],
    });
    await send('calls', world.callId, who(lead, 'board_member'), {
      type: 'BOARD_APPROVE_SELECTION',
      note: 'One rejection.',
      rejections: [{ proposalId: ids[1], reason: 'The energy model is not convincing.' }],
    });
    await send('calls', world.callId, who(lead, 'program_officer'), { type: 'ANNOUNCE_RESULTS' });
    const state = async (id: string) => (await api().get(`/proposals/${id}`, world.admin.token)).body.state;
    expect(await state(ids[0])).toBe('awarded');
    expect(await state(ids[1])).toBe('not_funded');
  });

  it('sends the upheld redress back into evaluation, decided by the PD of one of its agencies', async () => {
    // The factory's proposals are the lead agency's applicant's.
    const applicant = who(world.lead, 'applicant');
    await send('proposals', ids[1], applicant, { type: 'REQUEST_REDRESS', grounds: 'A review misread our model.' });
    const decided = await send('proposals', ids[1], who(world.counterpart, 'program_director'), {
      type: 'DECIDE_REDRESS',
      outcome: 'uphold',
      reasons: 'The model was misread; another expert reviews it.',
    });
    expect(decided.state).toBe('re_evaluation');
  });

  it('is reviewed again by other experts, selected by both agencies, approved by the board and awarded', async () => {
    const { lead, counterpart: cp } = world;
    for (const agency of [lead, cp]) {
      const reviewer = await factory.reviewer(agency, { institution: `Second opinion institute ${agency}` });
      const invited = await api().post(
        '/assignments',
        { proposalId: ids[1], reviewerId: reviewer.reviewerId },
        who(agency, 'program_officer').token,
      );
      expectStatus(invited, 201);
      await send('assignments', invited.body.id, reviewer, { type: 'ACCEPT', declaresNoConflict: true });
      await send('assignments', invited.body.id, reviewer, {
        type: 'SUBMIT_REVIEW',
        scores: { excellence: 5, collaboration: 4, feasibility: 4 },
        recommendation: 'fund',
        commentsToApplicants: 'The model holds.',
      });
      await send('proposals', ids[1], who(agency, 'program_officer'), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 4.5,
        recommendation: 'fund',
        summary: `${agency} now supports it.`,
      });
    }
    expect((await api().get(`/proposals/${ids[1]}`, world.admin.token)).body.state).toBe('recommended');
    for (const agency of [lead, cp])
      await send('proposals', ids[1], who(agency, 'program_director'), {
        type: 'RECORD_SELECTION',
        decision: 'select',
      });
    expect(await timerNames(ids[1])).toEqual(expect.arrayContaining(['board-overdue', 'board-reminder']));
    expect((await send('proposals', ids[1], who(lead, 'board_member'), { type: 'BOARD_APPROVE' })).state).toBe(
      'board_approved',
    );
    expect((await send('proposals', ids[1], who(lead, 'program_officer'), { type: 'ANNOUNCE_RESULT' })).state).toBe(
      'awarded',
    );
  });
});
