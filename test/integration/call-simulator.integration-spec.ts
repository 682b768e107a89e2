import { DataSource } from 'typeorm';
import { WorkflowEngine } from '../../src/engine/workflow-engine.service.js';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { PartiesService } from '../../src/modules/proposals/parties.service.js';
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
      parties: get(PartiesService),
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
    // Two whole calls: on a busy shared machine they take longer than the default five minutes.
  }, 1_200_000);

  // One figure of projects funded: the header's, the CLI's, and the sum of the final states that hold a budget.
  const fundedStates = (r: Awaited<ReturnType<typeof simulate>>['report']) =>
    Object.entries(r.finalStates)
      .filter(([state]) => ['awarded', 'completed', 'concluded'].includes(state))
      .reduce((n, [, v]) => n + v, 0);

  it('finishes a call whose agencies are short of reviewers: the officers recruit outside experts, nothing stalls', async () => {
    const { report } = await simulate(services, { program: 'e-asia-jrp', proposals: 6, reviewers: 4, seed: 11 });

    expect(report.notFinal).toBe(0);
    expect(report.reviews.recruited).toBeGreaterThan(0);
    expect(report.funded).toBe(fundedStates(report));
    expect(renderHtml({ report, wallClock: { seconds: 1, transitionsPerSecond: 1, phases: {} } })).toContain(
      `<b>${report.funded}</b>projects funded`,
    );
  });

  it.each([
    ['sicorp-bilateral', 'sicorp-joint-call@2', 'sicorp-joint-proposal@4'],
    ['concert-japan', 'concert-japan-call@2', 'concert-japan-proposal@2'],
    ['belmont-forum', 'belmont-forum-call@2', 'belmont-forum-proposal@2'],
    ['chirp', 'chirp-call@2', 'chirp-hub@3'],
    ['j-rapid', 'j-rapid-call@3', 'j-rapid-proposal@2'],
  ])('drives a call of %s (%s, %s) to its end', async (program, call, proposal) => {
    const { report } = await simulate(services, { program, proposals: 8, reviewers: 12, seed: 5 });

    expect(report.workflows).toEqual({ call, proposal });
    expect(report.notFinal).toBe(0);
    expect(report.funded).toBeGreaterThan(0);
    expect(report.funded).toBe(fundedStates(report));
    for (const f of report.funding) expect(f.funded).toBeLessThanOrEqual(f.envelope);
    if (program === 'chirp') {
      // Second periods: each funded hub's interim evaluation, then completed or concluded (an agency declined).
      expect((report.finalStates.completed ?? 0) + (report.finalStates.concluded ?? 0)).toBe(report.funded);
      expect(report.finalStates.awarded).toBeUndefined();
    }
    if (program === 'j-rapid') {
      // The call records its disaster and each team its local researcher (the program's rule to submit).
      const [row] = await app.dataSource.query(
        `SELECT c.affected_country, c.disaster->>'what' AS what,
                (SELECT count(*)::int FROM proposals p WHERE p.call_id = c.id AND NOT EXISTS (
                   SELECT 1 FROM proposal_members pm WHERE pm.proposal_id = p.id AND pm.local)) AS without_local
           FROM calls c JOIN programs pr ON pr.id = c.program_id WHERE pr.code = 'j-rapid' ORDER BY c.created_at DESC LIMIT 1`,
      );
      expect(row.affected_country.trim()).toBe('PH');
      expect(row.what).toMatch(/simulated/);
      expect(row.without_local).toBe(0);
    }
  });
});
