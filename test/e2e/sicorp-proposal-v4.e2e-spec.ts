import { callAtBoard } from '../browser/board-call.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, expectStatus } from '../support/http.js';

const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const WAITS =
  "the board decides once the steering committee has deliberated and the call's board meeting (date and attendees) is recorded";

/**
 * A SICORP bilateral call on sicorp-joint-proposal@4 (issue 14): while the steering committee
 * deliberates, a board member is offered no BOARD_* event on a selected proposal and one sent is
 * refused with the reason, changing nothing; once the committee concludes and the board meeting is
 * recorded, they are offered, and the board's approval of the list decides every proposal. Tests run
 * in order.
 */
describe('SICORP proposal version 4: the board decides after the steering committee', () => {
  let sut: TestApp;
  let factory: Factory;
  let world: World;
  let ids: string[] = [];
  const who = (agency: string, role: string): Person => world.people[agency][role];
  const api = () => client(sut.url);
  const send = async (resource: 'calls' | 'proposals', id: string, p: Person, body: object) => {
    const res = await api().event(resource, id, body as Record<string, unknown>, p.token);
    expectStatus(res, 200);
    return res.body as { state: string };
  };
  const boardEvents = async (id: string) =>
    ((await api().get(`/proposals/${id}`, who(world.lead, 'board_member').token)).body.allowedEvents as string[])
      .filter((e) => e.startsWith('BOARD_'))
      .sort();

  beforeAll(async () => {
    sut = await startTestApp();
    factory = new Factory(sut.app);
    world = await factory.world();
    // The world's program pins version 1; its call runs on the program's current version instead.
    await sut.dataSource.query(`UPDATE calls SET proposal_workflow = 'sicorp-joint-proposal@4' WHERE id = $1`, [
      world.callId,
    ]);
    ids = await callAtBoard(sut.app, factory, world, ['Coastal sensing', 'Tidal energy']);
  }, 240_000);
  afterAll(() => sut.close());

  it('runs the selected proposals on version 4', async () => {
    const rows = await sut.dataSource.query(
      `SELECT workflow_id || '@' || workflow_version AS w, state FROM workflow_instances WHERE id = ANY($1) ORDER BY w`,
      [ids],
    );
    expect(rows).toEqual(ids.map(() => ({ w: 'sicorp-joint-proposal@4', state: 'selected' })));
  });

  it('offers the board nothing while the steering committee deliberates, and refuses a decision sent anyway', async () => {
    expect(await boardEvents(ids[0])).toEqual([]);
    const early = await api().event(
      'proposals',
      ids[0],
      { type: 'BOARD_APPROVE' },
      who(world.lead, 'board_member').token,
    );
    expectProblem(early, 422);
    expect(early.body.reasons).toEqual([WAITS]);
    const rows = await sut.dataSource.query(`SELECT state FROM workflow_instances WHERE id = $1`, [ids[0]]);
    expect(rows[0].state).toBe('selected');
  });

  it('still offers nothing once the committee has concluded, until the board meeting is recorded', async () => {
    const { lead, counterpart: cp } = world;
    for (const agency of [lead, cp])
      await send('calls', world.callId, who(agency, 'steering_committee_member'), {
        type: 'RECORD_OPINION',
        recommendation: 'approve',
        opinion: 'A balanced list.',
      });
    await send('calls', world.callId, who(lead, 'steering_committee_member'), {
      type: 'CONCLUDE_DELIBERATION',
      recommendation: 'approve',
    });
    expect(await boardEvents(ids[0])).toEqual([]);
    await send('calls', world.callId, who(lead, 'board_member'), {
      type: 'RECORD_BOARD_MEETING',
      date: at(40),
      attendees: ['Chair', 'Member A'],
    });
    expect(await boardEvents(ids[0])).toEqual(['BOARD_APPROVE', 'BOARD_DEFER', 'BOARD_REJECT']);
  });

  it("decides every proposal with the board's approval of the list", async () => {
    await send('calls', world.callId, who(world.lead, 'board_member'), {
      type: 'BOARD_APPROVE_SELECTION',
      note: 'One rejection.',
      rejections: [{ proposalId: ids[1], reason: 'The energy model is not convincing.' }],
    });
    const state = async (id: string) => (await api().get(`/proposals/${id}`, world.admin.token)).body.state;
    expect(await state(ids[0])).toBe('board_approved');
    expect(await state(ids[1])).toBe('board_rejected');
  });
});
