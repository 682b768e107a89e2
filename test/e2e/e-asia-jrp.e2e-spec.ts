import { Factory, type Person } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * One e-ASIA JRP call of four member agencies (JST, Thailand, Viet Nam, Indonesia) walked over HTTP
 * to its final decisions: three proposals of three countries each, routed so that an agency sees
 * only those with its own researchers (detail, lists, events, reviews); each involved agency's
 * eligibility, review and assessment; the joint review meeting's consensus signed off by the
 * involved agencies; each agency's ordered ranking and the joint ranking the meeting compiles from
 * them by a recorded merge rule (e-asia-joint-call@3); the secretariat's submission to the board; each agency's selection; each agency's board approval,
 * a project funded only when every involved agency approves. Tests run in order.
 */
describe('e-ASIA JRP call of four member agencies', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, TH: string, VN: string, ID: string;
  let callId = '';
  /** p1: JST, TH, VN; p2: JST, TH, ID; p3: JST, VN, ID. */
  const p: Record<'p1' | 'p2' | 'p3', { id: string; agencies: string[] }> = {
    p1: { id: '', agencies: [] },
    p2: { id: '', agencies: [] },
    p3: { id: '', agencies: [] },
  };
  const po = (agency: string) => w.who(agency, 'program_officer');

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'TH', currency: 'THB' },
      { country: 'VN', currency: 'VND' },
      { country: 'ID', currency: 'IDR' },
    ]);
    [JST, TH, VN, ID] = w.agencies;
    p.p1.agencies = [JST, TH, VN];
    p.p2.agencies = [JST, TH, ID];
    p.p3.agencies = [JST, VN, ID];
  });
  afterAll(() => sut.close());

  it('refuses an e-ASIA call of two agencies, writing nothing', async () => {
    const [{ n: before }] = await w.factory.dataSource.query(`SELECT count(*)::int AS n FROM workflow_instances`);
    const res = await w.createCall('e-asia-jrp', [
      { code: JST, cap: 10_000_000, envelope: 100_000_000 },
      { code: TH, cap: 1_000_000, envelope: 10_000_000 },
    ]);
    expectProblem(res, 422, 'rule-violated');
    expect(res.body.reasons).toEqual([
      'program e-asia-jrp needs at least 3 agencies',
      'program e-asia-jrp needs agencies of at least 3 countries; the call has 2',
    ]);
    const [{ n: after }] = await w.factory.dataSource.query(`SELECT count(*)::int AS n FROM workflow_instances`);
    expect(after).toBe(before);
  });

  it('creates the call of four agencies on the e-ASIA workflows and opens it', async () => {
    const res = await w.createCall('e-asia-jrp', [
      { code: JST, cap: 10_000_000, envelope: 100_000_000 },
      { code: TH, cap: 1_000_000, envelope: 10_000_000 },
      { code: VN, cap: 1_000_000, envelope: 10_000_000 },
      { code: ID, cap: 1_000_000, envelope: 10_000_000 },
    ]);
    expectStatus(res, 201);
    callId = res.body.id;
    expect(res.body).toMatchObject({
      program: 'e-asia-jrp',
      workflow: 'e-asia-joint-call@3',
      durationMonths: { min: 36, max: 36 },
    });
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(20) });
    await w.send('calls', callId, po(JST), { type: 'ANNOUNCE' });
    expect((await w.send('calls', callId, po(JST), { type: 'OPEN' })).state).toBe('open');
  });

  // Issue 15: e-ASIA admits researchers of any participating member country (DOMAIN.md), so a
  // proposal needs no party of the lead; it needs teams of three member countries.
  it('takes a proposal without a party of the lead agency, and refuses one of two countries', async () => {
    const noLead = await w.proposal(callId, [
      { agency: TH, budget: 500_000 },
      { agency: VN, budget: 500_000 },
      { agency: ID, budget: 500_000 },
    ]);
    expectStatus(noLead.res, 201);
    const two = await w.proposal(callId, [
      { agency: JST, budget: 8_000_000 },
      { agency: TH, budget: 500_000 },
    ]);
    expectProblem(two.res, 422, 'rule-violated');
    expect(two.res.body.reasons).toEqual(['the proposal has parties of 2 countries; the program needs at least 3']);
  });

  it('takes three proposals of three countries each, each routed to the agencies of its parties', async () => {
    for (const key of ['p1', 'p2', 'p3'] as const) {
      const made = await w.proposal(
        callId,
        p[key].agencies.map((agency) => ({ agency, budget: agency === JST ? 8_000_000 : 500_000 })),
      );
      expectStatus(made.res, 201);
      p[key].id = made.id;
      expect(made.res.body.workflow).toBe('e-asia-joint-proposal@3');
      expect((await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' })).state).toBe('submitted');
    }
  });

  it('answers 404 to an agency whose researchers are not in a proposal, for its detail, events, history and reviews', async () => {
    for (const role of ['program_officer', 'program_director', 'board_member', 'panel_member'] as const) {
      expectProblem(await w.api.get(`/proposals/${p.p1.id}`, w.who(ID, role).token), 404, 'not-found');
    }
    expectProblem(
      await w.api.event('proposals', p.p1.id, { type: 'START_ELIGIBILITY_CHECK' }, po(ID).token),
      404,
      'not-found',
    );
    expectProblem(await w.api.get(`/proposals/${p.p1.id}/history`, po(ID).token), 404, 'not-found');
    expectProblem(await w.api.get(`/proposals/${p.p1.id}/reviews`, po(ID).token), 404, 'not-found');
    expectProblem(await w.api.get(`/proposals/${p.p2.id}`, po(VN).token), 404, 'not-found');
    expectStatus(await w.api.get(`/proposals/${p.p1.id}`, po(TH).token), 200);
  });

  it("lists to each agency only the proposals with its own researchers; the lead's list holds them all", async () => {
    expect(await w.listed(callId, po(ID))).toEqual([p.p2.id, p.p3.id].sort());
    expect(await w.listed(callId, po(TH))).toEqual([p.p1.id, p.p2.id].sort());
    expect(await w.listed(callId, w.who(VN, 'board_member'))).toEqual([p.p1.id, p.p3.id].sort());
    const lead = await w.listed(callId, po(JST));
    for (const key of ['p1', 'p2', 'p3'] as const) expect(lead).toContain(p[key].id);
  });

  it('has each involved agency rule on its own party once the secretariat routed the proposal; the proposal is under review once all three have', async () => {
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
    // Routing is the Program Secretariat's (the lead member organisation), not a member agency's.
    expectProblem(
      await w.api.event('proposals', p.p1.id, { type: 'START_ELIGIBILITY_CHECK' }, po(TH).token),
      403,
      'forbidden',
    );
    for (const key of ['p1', 'p2', 'p3'] as const) {
      await w.send('proposals', p[key].id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      for (const agency of p[key].agencies)
        await w.send('proposals', p[key].id, w.who(agency, 'agency_officer'), {
          type: 'RULE_ELIGIBILITY',
          eligible: true,
        });
      expect(await w.stateOf('proposals', p[key].id)).toBe('under_review');
    }
  });

  it('lets each involved agency review with its own reviewers and rank; an uninvolved agency cannot invite to the proposal', async () => {
    const reviewer = await w.factory.reviewer(ID, { institution: 'Bandung Institute' });
    expectProblem(
      await w.api.post('/assignments', { proposalId: p.p1.id, reviewerId: reviewer.reviewerId }, po(ID).token),
      404,
      'not-found',
    );
    const scores: Record<string, number> = { p1: 5, p2: 4, p3: 2 };
    for (const key of ['p1', 'p2', 'p3'] as const) {
      for (const agency of p[key].agencies) {
        await w.review(p[key].id, agency, scores[key]);
        await w.send('proposals', p[key].id, po(agency), {
          type: 'COMPLETE_AGENCY_REVIEW',
          score: scores[key],
          recommendation: scores[key] >= 3 ? 'fund' : 'do_not_fund',
          summary: `${agency} ranks it.`,
        });
      }
      expect(await w.stateOf('proposals', p[key].id)).toBe('joint_panel');
    }
    const reviews = await w.api.get(`/proposals/${p.p1.id}/reviews`, po(TH).token);
    expectStatus(reviews, 200);
    expect(reviews.body.items.length).toBeGreaterThan(0);
  });

  it('has the joint review meeting agree each consensus, final once every involved agency signs it off', async () => {
    await w.send('calls', callId, po(JST), { type: 'START_PANEL' });
    const results = { p1: ['fund', 4.8], p2: ['fund', 4.1], p3: ['do_not_fund', 2] } as const;
    for (const key of ['p1', 'p2', 'p3'] as const) {
      await w.send('proposals', p[key].id, w.who(JST, 'panel_member'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: results[key][0],
        score: results[key][1],
        minutes: 'Joint review meeting.',
      });
      for (const agency of p[key].agencies) {
        expect(await w.stateOf('proposals', p[key].id)).toBe('joint_panel');
        await w.send('proposals', p[key].id, po(agency), { type: 'SIGN_OFF_PANEL' });
      }
    }
    expect([
      await w.stateOf('proposals', p.p1.id),
      await w.stateOf('proposals', p.p2.id),
      await w.stateOf('proposals', p.p3.id),
    ]).toEqual(['recommended', 'recommended', 'not_recommended']);
  });

  it('takes from each member agency its ordered ranking of its own proposals only', async () => {
    // START_SELECTION (version 2's ranking drawn from the consensus scores) is not this version's.
    const call = await w.api.get(`/calls/${callId}`, po(JST).token);
    expect(call.body.allowedEvents).not.toContain('START_SELECTION');
    const view = await w.api.get(`/calls/${callId}/joint-ranking`, po(VN).token);
    expectStatus(view, 200);
    expect(view.body.secretariat.agency).toBe(JST);
    // The secretariat's appointees by name, as the call shows them, not as bare user ids.
    const call_ = (await w.api.get(`/calls/${callId}`, po(VN).token)).body;
    const appointed = call_.agencies.find((a: { code: string }) => a.code === JST).appointees;
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...view.body.secretariat.appointees].sort(byId)).toEqual(
      appointed.map((p_: { id: string; name: string }) => ({ id: p_.id, name: p_.name })).sort(byId),
    );
    expect(view.body.secretariat.appointees.map((p_: { id: string }) => p_.id)).toContain(po(JST).userId);
    expect(view.body.secretariat.appointees[0].name).toEqual(expect.stringMatching(/\S/));
    expect(view.body.toRank).toEqual([
      {
        agency: VN,
        submitted: false,
        proposals: expect.arrayContaining([expect.objectContaining({ proposalId: p.p1.id })]),
      },
    ]);
    expect(view.body.toRank[0].proposals.map((x: { proposalId: string }) => x.proposalId).sort()).toEqual(
      [p.p1.id, p.p3.id].sort(),
    );
    // Indonesia cannot submit Thailand's ranking, nor rank a proposal without Indonesian researchers.
    expectProblem(
      await w.api.event(
        'calls',
        callId,
        { type: 'SUBMIT_AGENCY_RANKING', agency: TH, order: [p.p1.id, p.p2.id] },
        po(ID).token,
      ),
      403,
      'forbidden',
    );
    const foreign = await w.api.event(
      'calls',
      callId,
      { type: 'SUBMIT_AGENCY_RANKING', order: [p.p2.id, p.p1.id] },
      po(ID).token,
    );
    expectProblem(foreign, 422, 'rule-violated');
    expect(foreign.body.reasons).toEqual([
      `proposal ${p.p1.id} is not one of ${ID}'s proposals to rank in this call`,
      `proposal ${p.p3.id} of ${ID} is missing from the ranking`,
    ]);
    const rankings: Record<string, string[]> = {
      [JST]: [p.p2.id, p.p1.id, p.p3.id],
      [TH]: [p.p1.id, p.p2.id],
      [VN]: [p.p1.id, p.p3.id],
      [ID]: [p.p2.id, p.p3.id],
    };
    for (const agency of [JST, TH, VN]) {
      await w.send('calls', callId, po(agency), { type: 'SUBMIT_AGENCY_RANKING', order: rankings[agency] });
    }
    // The meeting cannot compile while a member agency's ranking is missing.
    const early = await w.api.event('calls', callId, { type: 'COMPILE_JOINT_RANKING' }, po(JST).token);
    expectProblem(early, 422, 'rule-violated');
    expect(early.body.reasons).toContain(`${ID} has not submitted its ranking`);
    await w.send('calls', callId, w.who(ID, 'program_director'), {
      type: 'SUBMIT_AGENCY_RANKING',
      order: rankings[ID],
    });
  });

  it('compiles the joint ranking by the merge rule, the tie settled by the order the meeting records', async () => {
    // Over the recommended p1 and p2: JST ranks p2 first, TH p1; VN has only p1 and ID only p2, so
    // the mean normalised Borda score of both is (1 + 1/2 + 1) / 3: a tie the meeting must decide.
    expectProblem(
      await w.api.event('calls', callId, { type: 'COMPILE_JOINT_RANKING' }, po(TH).token),
      403,
      'forbidden',
    );
    const tied = await w.api.event('calls', callId, { type: 'COMPILE_JOINT_RANKING' }, po(JST).token);
    expectProblem(tied, 422, 'rule-violated');
    expect(tied.body.reasons).toEqual([
      `proposals ${[p.p1.id, p.p2.id].sort().join(', ')} are tied under the rule mean-normalised-borda: the meeting must record their order (tieOrder)`,
    ]);
    expect(await w.stateOf('calls', callId)).toBe('panel');
    const compiled = await w.send('calls', callId, po(JST), {
      type: 'COMPILE_JOINT_RANKING',
      rule: 'mean-normalised-borda',
      tieOrder: [p.p2.id, p.p1.id],
      note: 'The meeting put p2 first for its regional reach.',
    });
    expect(compiled.state).toBe('selection');
    const view = await w.api.get(`/calls/${callId}/joint-ranking`, po(JST).token);
    expect(view.body.compilation).toMatchObject({
      rule: 'mean-normalised-borda',
      tieOrder: [p.p2.id, p.p1.id],
      note: 'The meeting put p2 first for its regional reach.',
      compiledBy: expect.any(String),
    });
    expect(view.body.compilation.ruleDescription).toContain('(n - r + 1) / n');
    expect(view.body.items).toEqual([
      expect.objectContaining({
        position: 1,
        proposalId: p.p2.id,
        merit: 0.833333,
        agencyRanks: { [JST]: 1, [TH]: 2, [VN]: null, [ID]: 1 },
      }),
      expect.objectContaining({
        position: 2,
        proposalId: p.p1.id,
        merit: 0.833333,
        agencyRanks: { [JST]: 2, [TH]: 1, [VN]: 1, [ID]: null },
      }),
    ]);
  });

  it('shows an agency, through the joint ranking, only the proposals with its own researchers', async () => {
    const theirs = await w.api.get(`/calls/${callId}/joint-ranking`, po(ID).token);
    expectStatus(theirs, 200);
    expect(theirs.body.items.map((i: { proposalId: string }) => i.proposalId)).toEqual([p.p2.id]);
    const th = theirs.body.agencyRankings.find((r: { agency: string }) => r.agency === TH);
    expect(th.items.map((i: { proposalId: string }) => i.proposalId)).toEqual([p.p2.id]);
    // Positions count only what it sees: TH put p1 first, but no gap tells Indonesia that a proposal hides there.
    expect(th.items.map((i: { position: number }) => i.position)).toEqual([1]);
    expect(theirs.body.items[0]).toMatchObject({ position: 1, agencyRanks: expect.objectContaining({ [TH]: 1 }) });
    expect(theirs.body.compilation.tieOrder).toEqual([p.p2.id]);
    expect(JSON.stringify(theirs.body)).not.toContain(p.p1.id);
    const history = await w.api.get(`/calls/${callId}/history`, po(ID).token);
    expect(JSON.stringify(history.body)).not.toContain(p.p1.id);
    // An applicant reads none of it.
    expectProblem(
      await w.api.get(`/calls/${callId}/joint-ranking`, (await w.factory.person('applicant', ID)).token),
      403,
      'forbidden',
    );
  });

  it('lets each agency select, within its envelope, among the proposals with its researchers', async () => {
    const ranking = await w.api.get(`/calls/${callId}/ranking`, po(JST).token);
    expectStatus(ranking, 200);
    expect(ranking.body.items.map((i: { proposalId: string }) => i.proposalId)).toEqual([p.p2.id, p.p1.id]);
    const theirs = await w.api.get(`/calls/${callId}/ranking`, po(ID).token);
    expect(theirs.body.items.map((i: { proposalId: string }) => i.proposalId)).toEqual([p.p2.id]);
    // A move in the ranking, made before any agency confirms (the ranking is fixed after): its history is read below.
    await w.send('calls', callId, po(JST), {
      type: 'MOVE_IN_RANKING',
      proposalId: p.p1.id,
      position: 1,
      reason: 'SECRET reason for p1',
    });
    const vnOnP2 = await w.api.event(
      'calls',
      callId,
      { type: 'CONFIRM_SELECTION', decisions: [{ proposalId: p.p2.id, decision: 'select' }] },
      w.who(VN, 'program_director').token,
    );
    expectProblem(vnOnP2, 422, 'rule-violated');
    expect(vnOnP2.body.reasons).toEqual([
      `proposal ${p.p2.id} is not a recommended proposal of this call`,
      `1 recommended proposal(s) have no decision of ${VN}`,
    ]);
    const mine: Record<string, string[]> = {
      [JST]: [p.p1.id, p.p2.id],
      [TH]: [p.p1.id, p.p2.id],
      [VN]: [p.p1.id],
      [ID]: [p.p2.id],
    };
    for (const agency of [JST, TH, VN, ID]) {
      await w.send('calls', callId, w.who(agency, 'program_director'), {
        type: 'CONFIRM_SELECTION',
        decisions: mine[agency].map((proposalId) => ({ proposalId, decision: 'select' })),
      });
    }
    expect([await w.stateOf('proposals', p.p1.id), await w.stateOf('proposals', p.p2.id)]).toEqual([
      'selected',
      'selected',
    ]);
  });

  it("shows each agency's staff in the call's history only the proposals it may see, and applicants none of the internal steps", async () => {
    type Item = { event: string; payload: Record<string, unknown> };
    const historyOf = async (person: Person) => {
      const res = await w.api.get(`/calls/${callId}/history`, person.token);
      expectStatus(res, 200);
      return { items: res.body.items as Item[], text: JSON.stringify(res.body) };
    };
    // Indonesia's staff are not on p1: the move names nothing they may see, the decisions only p2.
    for (const role of ['program_officer', 'agency_officer', 'board_member'] as const) {
      const { items, text } = await historyOf(w.who(ID, role));
      expect(items.find((i) => i.event === 'MOVE_IN_RANKING')!.payload).toEqual({});
      expect(items.filter((i) => i.event === 'CONFIRM_SELECTION').map((i) => i.payload.decisions ?? null)).toEqual([
        [{ proposalId: p.p2.id, decision: 'select' }],
        [{ proposalId: p.p2.id, decision: 'select' }],
        null,
        [{ proposalId: p.p2.id, decision: 'select' }],
      ]);
      expect(text).not.toContain(p.p1.id);
      expect(text).not.toContain('SECRET');
    }
    // Thailand's staff are on p1: they read the move and its reason.
    const th = await historyOf(po(TH));
    expect(th.items.find((i) => i.event === 'MOVE_IN_RANKING')!.payload).toEqual({
      proposalId: p.p1.id,
      position: 1,
      reason: 'SECRET reason for p1',
    });
    // An applicant of Indonesia, with no proposal in the call, sees none of the internal steps.
    const applicant = await historyOf(await w.factory.person('applicant', ID));
    expect(applicant.items.map((i) => i.event)).toEqual(['CREATED', 'CONFIGURE_REVIEW', 'ANNOUNCE', 'OPEN', 'CLOSE']);
    for (const key of ['p1', 'p2', 'p3'] as const) expect(applicant.text).not.toContain(p[key].id);
  });

  it("funds a project only when every involved agency's board approves: one decline leaves it unfunded", async () => {
    // The Program Secretariat submits the joint ranking to the board; a member agency cannot.
    expectProblem(
      await w.api.event('calls', callId, { type: 'SUBMIT_TO_BOARD' }, w.who(TH, 'program_director').token),
      403,
      'forbidden',
    );
    await w.send('calls', callId, w.who(JST, 'program_director'), { type: 'SUBMIT_TO_BOARD' });
    await w.send('calls', callId, w.who(JST, 'board_member'), { type: 'RECORD_FUNDING_DECISIONS' });
    await w.send('calls', callId, w.who(TH, 'board_member'), { type: 'RECORD_FUNDING_DECISIONS' });
    expect(await w.stateOf('proposals', p.p1.id)).toBe('selected');
    const foreign = await w.api.event(
      'calls',
      callId,
      { type: 'RECORD_FUNDING_DECISIONS', declines: [{ proposalId: p.p1.id, reason: 'x' }] },
      w.who(ID, 'board_member').token,
    );
    expectProblem(foreign, 422, 'rule-violated');
    expect(foreign.body.reasons).toEqual([`proposal ${p.p1.id} is not on the board's list`]);
    await w.send('calls', callId, w.who(VN, 'board_member'), { type: 'RECORD_FUNDING_DECISIONS' });
    expect(await w.stateOf('proposals', p.p1.id)).toBe('board_approved');
    expect(await w.stateOf('proposals', p.p2.id)).toBe('selected');
    const decided = await w.send('calls', callId, w.who(ID, 'board_member'), {
      type: 'RECORD_FUNDING_DECISIONS',
      declines: [{ proposalId: p.p2.id, reason: 'No budget line for this field this year.' }],
    });
    expect(decided.state).toBe('board_decided');
    expect(await w.stateOf('proposals', p.p2.id)).toBe('board_rejected');
  });

  it('announces the results: the project all approved is awarded, the others are not funded', async () => {
    expect((await w.send('calls', callId, po(JST), { type: 'ANNOUNCE_RESULTS' })).state).toBe('results_announced');
    expect([
      await w.stateOf('proposals', p.p1.id),
      await w.stateOf('proposals', p.p2.id),
      await w.stateOf('proposals', p.p3.id),
    ]).toEqual(['awarded', 'not_funded', 'not_funded']);
    const p2 = await w.api.get(`/proposals/${p.p2.id}`, w.admin.token);
    expect(p2.body.progress.closingReasons).toEqual([`${ID}: No budget line for this field this year.`]);
  });

  it("leaves out of the call's history another agency's decline of a proposal the reader may not see", async () => {
    const res = await w.api.get(`/calls/${callId}/history`, po(VN).token);
    expectStatus(res, 200);
    const items = res.body.items as { event: string; payload: Record<string, unknown> }[];
    expect(items.filter((i) => i.event === 'RECORD_FUNDING_DECISIONS').map((i) => i.payload)).toEqual([
      { agency: JST },
      { agency: TH },
      { agency: VN },
      {},
    ]);
    expect(JSON.stringify(res.body)).not.toContain(p.p2.id);
    expect(JSON.stringify(res.body)).not.toContain('No budget line');
    const th = await w.api.get(`/calls/${callId}/history`, po(TH).token);
    expect(
      th.body.items.find(
        (i: { event: string; payload: { agency?: string } }) =>
          i.event === 'RECORD_FUNDING_DECISIONS' && i.payload.agency === ID,
      ).payload,
    ).toEqual({
      agency: ID,
      declines: [{ proposalId: p.p2.id, reason: 'No budget line for this field this year.' }],
    });
  });
});
