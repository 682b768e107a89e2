import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
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
});
