import { DataSource } from 'typeorm';
import { WorkflowEngine } from '../../src/engine/workflow-engine.service.js';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { ProposalsService } from '../../src/modules/proposals/proposals.service.js';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import { ReviewersService } from '../../src/modules/reviews/reviewers.service.js';
import { SelectionQueries } from '../../src/modules/selection/selection-queries.service.js';
import { UsersService } from '../../src/modules/users/users.service.js';
import { renderHtml } from '../../src/simulator/report.js';
import { simulate, type SimulationServices } from '../../src/simulator/simulation.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** `npm run simulate`: a small e-ASIA call end to end through the engine, and what its report promises. */
describe('call simulator', () => {
  let app: TestApp;
  let services: SimulationServices;
  const options = { program: 'e-asia-jrp', proposals: 30, reviewers: 40, seed: 7 };

  beforeAll(async () => {
    app = await startTestApp();
    const get = <T>(type: new (...args: never[]) => T) => app.app.get(type as never) as T;
    services = {
      dataSource: app.dataSource,
      engine: get(WorkflowEngine),
      users: get(UsersService),
      calls: get(CallsService),
      proposals: get(ProposalsService),
      reviewers: get(ReviewersService),
      assignments: get(AssignmentsService),
      selection: get(SelectionQueries),
    };
  });
  afterAll(() => app.close());

  it('takes every proposal to a final state, funds within the envelopes, and reports the outbox; the same seed gives the same report', async () => {
    const whatIf = [
      { key: 'envelope.JST', value: 60_000_000 },
      { key: 'threshold.fundingLine', value: 2 },
      { key: 'threshold.minScore', value: 5 },
    ];
    const first = await simulate(services, { ...options, whatIf });
    const sut = first.report;

    expect(sut.notFinal).toBe(0);
    expect(Object.values(sut.finalStates).reduce((a, b) => a + b, 0)).toBe(options.proposals);
    expect(sut.finalStates.awarded).toBeGreaterThan(0);
    for (const f of sut.funding) {
      expect(f.funded).toBeLessThanOrEqual(f.envelope);
      expect(f.projects).toBeGreaterThan(0);
    }
    const [call] = await app.dataSource.query(
      `SELECT c.id FROM calls c JOIN programs p ON p.id = c.program_id WHERE p.code = 'e-asia-jrp' ORDER BY c.created_at DESC LIMIT 1`,
    );
    const [{ n }] = await app.app.get(DataSource).query(
      `SELECT count(*)::int AS n FROM outbox WHERE kind = 'notify' AND instance_id IN (
         SELECT $1::uuid UNION SELECT id FROM proposals WHERE call_id = $1 UNION SELECT id FROM assignments WHERE call_id = $1)`,
      [call.id],
    );
    expect(sut.notifications.total).toBe(n);
    expect(sut.notifications.byTemplate['reviewer-invitation']).toBe(sut.reviews.invited);
    expect(sut.notifications.byTemplate['review-submitted']).toBe(sut.reviews.submitted);
    // The what-ifs ran on a rolled-back copy: each alone, then all together; the call's JST envelope is as it
    // was approved, and its ranking is whole.
    const whatIfs = sut.whatIf as { selected: number; selectedActually: number }[];
    expect(whatIfs).toHaveLength(4);
    expect(whatIfs[0].selectedActually).toBeGreaterThan(2);
    expect(whatIfs[1].selected).toBeLessThanOrEqual(2); // funding line after the second ranked proposal
    expect(whatIfs[1].selected).toBeGreaterThan(0);
    expect(whatIfs[2].selected).toBe(0); // no joint panel score reaches 5
    expect(whatIfs[3].selected).toBe(0);
    const [ranked] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM ranking_entries WHERE call_id = $1 AND position > 2`,
      [call.id],
    );
    expect(ranked.n).toBeGreaterThan(0);
    const [jst] = await app.dataSource.query(
      `SELECT sum(e.amount)::bigint AS total FROM call_agency_envelopes e JOIN agencies ag ON ag.id = e.agency_id WHERE e.call_id = $1 AND ag.code = 'JST'`,
      [call.id],
    );
    expect(Number(jst.total)).toBe(sut.agencies.find((a) => a.code === 'JST')!.envelope);
    expect(renderHtml(first)).toContain('<svg');

    const second = await simulate(services, { ...options, whatIf });
    expect(second.report).toEqual(first.report);
  });
});
