import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import request from 'supertest';
import { SessionsService } from '../../src/modules/auth/sessions.service.js';
import { Population, type RunWorld } from '../invariants/world.js';

/**
 * Found by the invariant suite (test/invariants, seed 42 with the money and visibility fixes merged):
 * a reviewer who declares a conflict of interest on their assignment no longer sees the proposal
 * (404), but their list of assignments still names it. A declared conflict hides the proposal
 * from every read (README, "Who sees what").
 */
describe('a reviewer who declared a conflict of interest', () => {
  let sut: TestApp;
  let pop: Population;
  let world: RunWorld;

  beforeAll(async () => {
    sut = await startTestApp();
    pop = await new Population(sut).build();
    world = await pop.run('sicorp-bilateral', 'review');
  }, 120_000);
  afterAll(() => sut.close());

  it('finds the proposal neither in its detail nor in the list of their assignments', async () => {
    const p2 = world.proposals[1];
    const reviewer = pop.pool.find((r) => r.agency === pop.TH)!.member.person;
    const [assignment] = await sut.dataSource.query(
      `SELECT id FROM assignments WHERE proposal_id = $1 AND reviewer_user_id = $2`,
      [p2.id, reviewer.userId],
    );
    await pop.world.send('assignments', assignment.id, reviewer, {
      type: 'DECLARE_CONFLICT',
      reason: 'I co-authored with the PI last year.',
    });
    expectProblem(await pop.world.api.get(`/proposals/${p2.id}`, reviewer.token), 404, 'not-found');
    const listed = await pop.world.api.get(`/assignments?callId=${world.callId}&limit=100`, reviewer.token);
    expectStatus(listed, 200);
    expect(listed.text).not.toContain(p2.id);
    expect(listed.text).not.toContain(p2.title);
  });

  // Found by `npm run test:invariants -- --runs 2000 --seed 20261202`: the reviewer's own assignment
  // still named the proposal (id, title, parties' PIs and institutions) after they declared the conflict.
  it('keeps their assignment and its history, but nothing of the proposal in them', async () => {
    const p1 = world.proposals[0];
    const reviewer = pop.pool.find((r) => r.agency === pop.TH)!.member.person;
    const [assignment] = await sut.dataSource.query(
      `SELECT id FROM assignments WHERE proposal_id = $1 AND reviewer_user_id = $2`,
      [p1.id, reviewer.userId],
    );
    const before = await pop.world.api.get(`/assignments/${assignment.id}`, reviewer.token);
    expectStatus(before, 200);
    expect(before.body.proposal.title).toBe(p1.title);
    await pop.world.send('assignments', assignment.id, reviewer, {
      type: 'DECLARE_CONFLICT',
      reason: 'Former PhD advisor.',
    });

    const own = await pop.world.api.get(`/assignments/${assignment.id}`, reviewer.token);
    expectStatus(own, 200);
    expect(own.body.state).toBe('conflict_declared');
    expect(own.body.proposalId).toBeNull();
    expect(own.body.proposal).toBeNull();
    const history = await pop.world.api.get(`/assignments/${assignment.id}/history`, reviewer.token);
    expectStatus(history, 200);
    for (const text of [own.text, history.text]) {
      expect(text).not.toContain(p1.id);
      expect(text).not.toContain(p1.title);
    }
    // Their agency's managers still see which proposal it was.
    const po = await pop.world.api.get(`/assignments/${assignment.id}`, pop.world.who(pop.TH, 'program_officer').token);
    expectStatus(po, 200);
    expect(po.body.proposalId).toBe(p1.id);
  });
  // Outside tester: after the conflict the assignment vanished from the reviewer's list, its state
  // filter, the call's CSV and their console inbox, while its own page still answered.
  it('lists their assignment still, everywhere they list their assignments, without the proposal', async () => {
    const p3 = world.proposals[1];
    const entry = pop.pool.find((r) => r.agency === pop.TH)!;
    const reviewer = entry.member.person;
    const [assignment] = await sut.dataSource.query(
      `SELECT a.id, wi.state FROM assignments a JOIN workflow_instances wi ON wi.id = a.id
        WHERE a.proposal_id = $1 AND a.reviewer_user_id = $2`,
      [p3.id, reviewer.userId],
    );
    if (assignment.state !== 'conflict_declared')
      await pop.world.send('assignments', assignment.id, reviewer, {
        type: 'DECLARE_CONFLICT',
        reason: 'A co-author of the PI.',
      });
    const api = pop.world.api;
    for (const query of [`callId=${world.callId}&limit=100`, 'state=conflict_declared&limit=100']) {
      const listed = await api.get(`/assignments?${query}`, reviewer.token);
      expectStatus(listed, 200);
      const mine = (listed.body.items as { id: string; proposalId: string | null; state: string }[]).find(
        (i) => i.id === assignment.id,
      );
      expect(mine).toMatchObject({ proposalId: null, state: 'conflict_declared' });
      expect(listed.text).not.toContain(p3.id);
      expect(listed.text).not.toContain(p3.title);
    }
    // Asked by the proposal's id, the row would name it: not listed then.
    const byProposal = await api.get(`/assignments?proposalId=${p3.id}`, reviewer.token);
    expectStatus(byProposal, 200);
    expect(byProposal.body.items).toEqual([]);

    const csv = await api.get(`/calls/${world.callId}/exports/assignments.csv`, reviewer.token);
    expectStatus(csv, 200);
    const line = csv.text.split('\n').find((l) => l.startsWith(assignment.id));
    expect(line).toMatch(new RegExp(`^${assignment.id},,,${entry.agency},`));
    expect(csv.text).not.toContain(p3.id);
    expect(csv.text).not.toContain(p3.title);

    const session = await sut.app.get(SessionsService).start(reviewer.userId);
    const inbox = await request(sut.url).get('/console/reviews').set('Cookie', `tandem_session=${session}`);
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain(`data-assignment="${assignment.id}"`);
    expect(inbox.text).toContain('Not shown: you have a conflict of interest with this proposal');
    expect(inbox.text).not.toContain(p3.title);
  });
});
