import { FIRST_FISCAL_YEAR as FY, Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectStatus, type Client, type Resource } from '../support/http.js';

/**
 * One bilateral call from draft to archive over real HTTP, with four proposals taken to `awarded`,
 * `rejected`, `board_rejected` and `ineligible`. Every event is sent by the role its rule names.
 * The tests of this file run in order and build on each other.
 */

interface Logged {
  seq: number;
  event: string;
  from: string | null;
  to: string;
  actorId: string;
  payload?: Record<string, unknown>;
}

const EVENT_AGENCY = new Set([
  'RULE_ELIGIBILITY',
  'COMPLETE_AGENCY_REVIEW',
  'RECORD_SELECTION',
  'SIGN_OFF_PANEL',
  'CONFIRM_SELECTION',
  'ADD_AGENCY_CRITERIA',
  'APPROVE_PARTICIPATION',
]);

/** Events whose payload only the staff of the agency they are for read in full. */
/** An agency's consolidation of its reviews. */
const assessment = { score: 4.3, recommendation: 'fund', summary: 'Both reviews recommend funding.' };

const sorted = (xs: string[]): string[] => [...xs].sort();

describe('a bilateral joint call from draft to archive', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let lead: string;
  let cp: string;
  const who = (agency: string, role: string): Person => w.people[agency][role];

  const id = { call: '', awarded: '', rejected: '', boardRejected: '', ineligible: '' };
  /** What each instance's history must say, in order. */
  const logs = new Map<string, Logged[]>();
  const versionOf = (instance: string): number => logs.get(instance)!.at(-1)!.seq;
  const stateOf = (instance: string): string => logs.get(instance)!.at(-1)!.to;

  /** Sends one event as `person` (with If-Match of the version last seen) and checks the answer and a re-read. */
  async function step(
    resource: Resource,
    instance: string,
    person: Person,
    body: { type: string } & Record<string, unknown>,
    expected: string,
  ) {
    const before = versionOf(instance);
    const from = stateOf(instance);
    const res = await api.event(resource, instance, body, person.token, { 'If-Match': `"${before}"` });
    expectStatus(res, 200);
    expect(res.body.state).toBe(expected);
    expect(res.body.version).toBe(before + 1);
    expect(res.headers.etag).toBe(`"${before + 1}"`);
    expect(res.body.transition).toMatchObject({ seq: before + 1, event: body.type, from, to: expected });

    const again = await api.get(`/${resource}/${instance}`, person.token);
    expectStatus(again, 200);
    expect(again.body).toMatchObject({ state: expected, version: before + 1 });
    expect(again.headers.etag).toBe(`"${before + 1}"`);

    // The engine fills `agency` of an event-agency rule with the one agency where the sender holds the role.
    const { type: _type, ...payload } = body;
    if (EVENT_AGENCY.has(body.type)) payload.agency = person.actor.grants[0].agency;
    logs
      .get(instance)!
      .push({ seq: before + 1, event: body.type, from, to: expected, actorId: person.userId, payload });
    return res.body;
  }

  /** A transition a call event made on a proposal in the same transaction (selection, announcement). */
  function fannedOut(instance: string, person: Person, event: string, to: string, payload: Record<string, unknown>) {
    logs
      .get(instance)!
      .push({ seq: versionOf(instance) + 1, event, from: stateOf(instance), to, actorId: person.userId, payload });
  }

  async function allowed(resource: Resource, instance: string, person: Person): Promise<string[]> {
    const res = await api.get(`/${resource}/${instance}`, person.token);
    expectStatus(res, 200);
    return sorted(res.body.allowedEvents);
  }

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world({ callState: 'draft' });
    lead = w.lead;
    cp = w.counterpart;
  });
  afterAll(() => sut.close());

  describe('the call is announced and opened by the lead agency', () => {
    it("creates the call in draft via POST /calls as the lead's program officer", async () => {
      const po = who(lead, 'program_officer');
      const res = await api.post('/calls', factory.callDto(w), po.token);
      expectStatus(res, 201);
      expect(res.body).toMatchObject({
        program: w.program,
        state: 'draft',
        version: 1,
        workflow: 'sicorp-joint-call@2',
      });
      expect(res.body.agencies.map((a: { code: string; role: string }) => [a.code, a.role])).toEqual([
        [lead, 'lead'],
        [cp, 'counterpart'],
      ]);
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers.location).toBe(`/api/v1/calls/${res.body.id}`);
      id.call = res.body.id;
      logs.set(id.call, [{ seq: 1, event: 'CREATED', from: null, to: 'draft', actorId: po.userId }]);
    });

    it("offers CANCEL and the review set-up in draft to the lead's program officer, director and the administrator, and each agency's PO and PD its participation", async () => {
      expect(await allowed('calls', id.call, who(lead, 'program_officer'))).toEqual([
        'ADD_AGENCY_CRITERIA',
        'APPROVE_PARTICIPATION',
        'CANCEL',
        'CONFIGURE_REVIEW',
      ]);
      expect(await allowed('calls', id.call, who(lead, 'program_director'))).toEqual([
        'ADD_AGENCY_CRITERIA',
        'APPROVE_PARTICIPATION',
        'CANCEL',
        'CONFIGURE_REVIEW',
      ]);
      expect(await allowed('calls', id.call, w.admin)).toEqual(['CANCEL', 'CONFIGURE_REVIEW']);
      // Each agency adds its own criteria and approves its own part; only the lead sets up the rest.
      expect(await allowed('calls', id.call, who(cp, 'program_officer'))).toEqual([
        'ADD_AGENCY_CRITERIA',
        'APPROVE_PARTICIPATION',
      ]);
      expect(await allowed('calls', id.call, who(lead, 'agency_officer'))).toEqual([]);
    });

    it('has each agency approve its own participation before the call may be announced', async () => {
      const refused = await api.event('calls', id.call, { type: 'ANNOUNCE' }, who(lead, 'program_officer').token);
      expectStatus(refused, 422);
      expect(refused.body.reasons).toEqual([
        `${lead} has not approved its participation (envelope, cap, appointed PO/PD)`,
        `${cp} has not approved its participation (envelope, cap, appointed PO/PD)`,
      ]);
      for (const [agency, envelope, cap] of [
        [lead, 100_000_000, 30_000_000],
        [cp, 700_000, 200_000],
      ] as const) {
        const body = await step(
          'calls',
          id.call,
          who(agency, 'program_officer'),
          {
            type: 'APPROVE_PARTICIPATION',
            envelopes: [FY, FY + 1, FY + 2, FY + 3, FY + 4].map((fiscalYear) => ({ fiscalYear, amount: envelope })),
            capPerProjectPerYear: cap,
            appointees: [who(agency, 'program_officer').userId, who(agency, 'program_director').userId],
            // The lead funds in JPY: it states no JPY rate (issue 15).
            ...(agency === lead ? {} : { jpyPerUnit: 150 }),
          },
          'draft',
        );
        expect(body.agencies.find((a: { code: string }) => a.code === agency)).toMatchObject({
          capPerProjectPerYear: cap,
          budgetEnvelope: envelope * 5,
          envelopes: expect.arrayContaining([{ fiscalYear: FY, amount: envelope }]),
        });
      }
      expect(await allowed('calls', id.call, who(lead, 'program_officer'))).toContain('ANNOUNCE');
    });

    it('keeps the draft call from applicants until it is announced', async () => {
      expectStatus(await api.get(`/calls/${id.call}`, who(lead, 'applicant').token), 404);
    });

    it("lets the lead's program officer set up the review with one reviewer per agency", async () => {
      const body = await step(
        'calls',
        id.call,
        who(lead, 'program_officer'),
        { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1 },
        'draft',
      );
      expect(body.progress.review.minReviewersPerAgency).toBe(1);
    });

    it("lets the lead's program officer announce the call", async () => {
      await step('calls', id.call, who(lead, 'program_officer'), { type: 'ANNOUNCE' }, 'announced');
      expect(await allowed('calls', id.call, who(lead, 'program_officer'))).toEqual([
        'ADD_AGENCY_CRITERIA',
        'APPROVE_PARTICIPATION',
        'CANCEL',
        'CONFIGURE_REVIEW',
        'OPEN',
      ]);
    });

    it("lets the lead's program officer open the call", async () => {
      await step('calls', id.call, who(lead, 'program_officer'), { type: 'OPEN' }, 'open');
      expect(await allowed('calls', id.call, who(lead, 'program_officer'))).toEqual([
        'ADD_AGENCY_CRITERIA',
        'CANCEL',
        'CLOSE',
        'CONFIGURE_REVIEW',
      ]);
    });
  });

  describe('applicants draft and submit joint proposals', () => {
    it('creates draft proposals via POST /proposals as the applicants of either agency', async () => {
      const create = async (key: keyof typeof id, applicant: Person) => {
        const res = await api.post('/proposals', factory.proposalDto(w, { callId: id.call }), applicant.token);
        expectStatus(res, 201);
        expect(res.body).toMatchObject({
          callId: id.call,
          state: 'draft',
          version: 1,
          applicantUserId: applicant.userId,
          workflow: 'sicorp-joint-proposal@1',
        });
        expect(res.headers.etag).toBe('"1"');
        expect(res.headers.location).toBe(`/api/v1/proposals/${res.body.id}`);
        id[key] = res.body.id;
        logs.set(res.body.id, [{ seq: 1, event: 'CREATED', from: null, to: 'draft', actorId: applicant.userId }]);
      };
      await create('awarded', who(lead, 'applicant'));
      await create('rejected', who(lead, 'applicant'));
      await create('boardRejected', who(lead, 'applicant'));
      await create('ineligible', who(cp, 'applicant'));
    });

    it('offers SUBMIT and WITHDRAW in draft to the owning applicant and nothing to the administrator', async () => {
      expect(await allowed('proposals', id.awarded, who(lead, 'applicant'))).toEqual(['SUBMIT', 'WITHDRAW']);
      expect(await allowed('proposals', id.ineligible, who(cp, 'applicant'))).toEqual(['SUBMIT', 'WITHDRAW']);
      expect(await allowed('proposals', id.awarded, w.admin)).toEqual([]);
    });

    it('keeps draft proposals from agency staff until they are submitted', async () => {
      expectStatus(await api.get(`/proposals/${id.awarded}`, who(lead, 'program_officer').token), 404);
      expectStatus(await api.get(`/proposals/${id.awarded}`, who(cp, 'agency_officer').token), 404);
    });

    it('lets each applicant submit their own proposal while the call is open', async () => {
      for (const key of ['awarded', 'rejected', 'boardRejected'] as const) {
        await step('proposals', id[key], who(lead, 'applicant'), { type: 'SUBMIT' }, 'submitted');
      }
      await step('proposals', id.ineligible, who(cp, 'applicant'), { type: 'SUBMIT' }, 'submitted');
    });

    it('offers START_ELIGIBILITY_CHECK on a submitted proposal to the staff of both agencies but not to the applicant', async () => {
      expect(await allowed('proposals', id.awarded, who(lead, 'program_officer'))).toEqual(['START_ELIGIBILITY_CHECK']);
      // The director could waive a conflict of interest from submission on, but no reviewer of the pool has one to waive.
      expect(await allowed('proposals', id.awarded, who(lead, 'program_director'))).toEqual([
        'START_ELIGIBILITY_CHECK',
      ]);
      // START_ELIGIBILITY_CHECK is a participant-scope rule: the counterpart's officer may start it too.
      expect(await allowed('proposals', id.awarded, who(cp, 'agency_officer'))).toEqual(['START_ELIGIBILITY_CHECK']);
      expect(await allowed('proposals', id.awarded, who(lead, 'applicant'))).toEqual(['WITHDRAW']);
      expect(await allowed('proposals', id.awarded, who(lead, 'panel_member'))).toEqual([]);
    });

    it("lets the lead's program officer close the call at the submission deadline", async () => {
      await step('calls', id.call, who(lead, 'program_officer'), { type: 'CLOSE' }, 'closed');
      expect(await allowed('calls', id.call, who(lead, 'program_officer'))).toEqual([
        'ADD_AGENCY_CRITERIA',
        'CONFIGURE_REVIEW',
        'START_REVIEW',
      ]);
    });
  });

  describe('each agency rules on the eligibility of its own party', () => {
    it('lets the staff of either agency start the eligibility check', async () => {
      await step(
        'proposals',
        id.awarded,
        who(cp, 'agency_officer'),
        { type: 'START_ELIGIBILITY_CHECK' },
        'eligibility_check',
      );
      for (const key of ['rejected', 'boardRejected', 'ineligible'] as const) {
        await step(
          'proposals',
          id[key],
          who(lead, 'program_officer'),
          { type: 'START_ELIGIBILITY_CHECK' },
          'eligibility_check',
        );
      }
    });

    it("offers RULE_ELIGIBILITY to each agency's officer and PO but only REQUEST_INFORMATION to the lead's director", async () => {
      expect(await allowed('proposals', id.awarded, who(lead, 'program_officer'))).toEqual([
        'REQUEST_INFORMATION',
        'RULE_ELIGIBILITY',
      ]);
      expect(await allowed('proposals', id.awarded, who(cp, 'agency_officer'))).toEqual([
        'REQUEST_INFORMATION',
        'RULE_ELIGIBILITY',
      ]);
      expect(await allowed('proposals', id.awarded, who(lead, 'program_director'))).toEqual(['REQUEST_INFORMATION']);
      expect(await allowed('proposals', id.awarded, who(lead, 'applicant'))).toEqual(['WITHDRAW']);
    });

    it("keeps the proposal in eligibility_check after the lead's ruling and stops offering the lead a second ruling", async () => {
      const body = await step(
        'proposals',
        id.awarded,
        who(lead, 'program_officer'),
        { type: 'RULE_ELIGIBILITY', eligible: true },
        'eligibility_check',
      );
      expect(body.progress.eligibility).toEqual({ [lead]: { eligible: true, reasons: [] } });
      expect(await allowed('proposals', id.awarded, who(lead, 'program_officer'))).toEqual(['REQUEST_INFORMATION']);
      expect(await allowed('proposals', id.awarded, who(cp, 'agency_officer'))).toEqual([
        'REQUEST_INFORMATION',
        'RULE_ELIGIBILITY',
      ]);
    });

    it("moves the proposal under review once the counterpart's officer rules its party eligible too", async () => {
      const body = await step(
        'proposals',
        id.awarded,
        who(cp, 'agency_officer'),
        { type: 'RULE_ELIGIBILITY', eligible: true },
        'under_review',
      );
      expect(body.progress.eligibility).toEqual({
        [lead]: { eligible: true, reasons: [] },
        [cp]: { eligible: true, reasons: [] },
      });
      for (const key of ['rejected', 'boardRejected'] as const) {
        await step(
          'proposals',
          id[key],
          who(lead, 'program_officer'),
          { type: 'RULE_ELIGIBILITY', eligible: true },
          'eligibility_check',
        );
        await step(
          'proposals',
          id[key],
          who(cp, 'agency_officer'),
          { type: 'RULE_ELIGIBILITY', eligible: true },
          'under_review',
        );
      }
    });

    it("ends the proposal as ineligible when the counterpart's officer rules its party ineligible", async () => {
      await step(
        'proposals',
        id.ineligible,
        who(lead, 'program_officer'),
        { type: 'RULE_ELIGIBILITY', eligible: true },
        'eligibility_check',
      );
      const reasons = ['the US PI holds no appointment at a US institution'];
      const body = await step(
        'proposals',
        id.ineligible,
        who(cp, 'agency_officer'),
        { type: 'RULE_ELIGIBILITY', eligible: false, reasons },
        'ineligible',
      );
      expect(body.progress.closingReasons).toEqual([`${cp}: ${reasons[0]}`]);
      expect(await allowed('proposals', id.ineligible, who(cp, 'applicant'))).toEqual([]);
      expect(await allowed('proposals', id.ineligible, who(lead, 'program_officer'))).toEqual([]);
    });
  });

  describe('each agency reviews its side and the joint panel recommends', () => {
    it("lets the lead's program officer start the review of the call", async () => {
      await step('calls', id.call, who(lead, 'program_officer'), { type: 'START_REVIEW' }, 'in_review');
    });

    it("returns the proposal under review when the applicant answers the counterpart's request for information", async () => {
      await step(
        'proposals',
        id.awarded,
        who(cp, 'agency_officer'),
        { type: 'REQUEST_INFORMATION', message: 'Please attach the data management plan.' },
        'more_information_requested',
      );
      expect(await allowed('proposals', id.awarded, who(lead, 'applicant'))).toEqual([
        'PROVIDE_INFORMATION',
        'WITHDRAW',
      ]);
      expect(await allowed('proposals', id.awarded, who(cp, 'agency_officer'))).toEqual([]);
      await step(
        'proposals',
        id.awarded,
        who(lead, 'applicant'),
        { type: 'PROVIDE_INFORMATION', response: 'Attached as appendix C.' },
        'under_review',
      );
    });

    it('refuses to complete an agency review before its reviews are in', async () => {
      expect(await allowed('proposals', id.awarded, who(lead, 'program_officer'))).toEqual(['REQUEST_INFORMATION']);
      const res = await api.event(
        'proposals',
        id.awarded,
        { type: 'COMPLETE_AGENCY_REVIEW', ...assessment },
        who(lead, 'program_officer').token,
      );
      expect(res.status).toBe(422);
      expect(res.body.reasons).toEqual([`${lead} has 0 submitted review(s); the call requires 1`]);
    });

    it("has one reviewer of each agency's pool invited, accept and review each proposal", async () => {
      for (const agency of [lead, cp]) {
        const reviewer = await factory.reviewer(agency, { institution: `${agency} Research Institute` });
        for (const key of ['awarded', 'rejected', 'boardRejected'] as const) {
          const invited = await api.post(
            '/assignments',
            {
              proposalId: id[key],
              reviewerId: reviewer.reviewerId,
              dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
            },
            who(agency, 'program_officer').token,
          );
          expectStatus(invited, 201);
          expectStatus(
            await api.event(
              'assignments',
              invited.body.id,
              { type: 'ACCEPT', declaresNoConflict: true },
              reviewer.token,
            ),
            200,
          );
          const scores = { excellence: 4, collaboration: 4, feasibility: 5 };
          const submitted = await api.event(
            'assignments',
            invited.body.id,
            { type: 'SUBMIT_REVIEW', scores, recommendation: 'fund', commentsToApplicants: 'A sound plan.' },
            reviewer.token,
          );
          expectStatus(submitted, 200);
          expect(submitted.body.state).toBe('submitted');
        }
      }
    });

    it("sends the proposal to the joint panel once each agency's program officer has completed its own review", async () => {
      for (const key of ['awarded', 'rejected', 'boardRejected'] as const) {
        expect(await allowed('proposals', id[key], who(lead, 'program_officer'))).toEqual([
          'COMPLETE_AGENCY_REVIEW',
          'REQUEST_INFORMATION',
        ]);
        await step(
          'proposals',
          id[key],
          who(lead, 'program_officer'),
          { type: 'COMPLETE_AGENCY_REVIEW', ...assessment, summary: 'Strong Japanese side.' },
          'under_review',
        );
        expect(await allowed('proposals', id[key], who(lead, 'program_officer'))).toEqual(['REQUEST_INFORMATION']);
        expect(await allowed('proposals', id[key], who(lead, 'program_director'))).toEqual([
          'REQUEST_INFORMATION',
          'SEND_BACK_AGENCY_REVIEW',
        ]);
        expect(await allowed('proposals', id[key], who(cp, 'program_officer'))).toEqual([
          'COMPLETE_AGENCY_REVIEW',
          'REQUEST_INFORMATION',
        ]);
        const body = await step(
          'proposals',
          id[key],
          who(cp, 'program_officer'),
          { type: 'COMPLETE_AGENCY_REVIEW', ...assessment },
          'joint_panel',
        );
        expect(Object.keys(body.progress.reviewsCompleted).sort()).toEqual([lead, cp].sort());
      }
    });

    it("lets the lead's program officer convene the panel", async () => {
      await step('calls', id.call, who(lead, 'program_officer'), { type: 'START_PANEL' }, 'panel');
    });

    it("records the panel's consensus as sent by a panel member of either agency, final once both agencies sign it", async () => {
      expect(await allowed('proposals', id.awarded, who(lead, 'panel_member'))).toEqual(['RECORD_PANEL_RESULT']);
      expect(await allowed('proposals', id.awarded, who(lead, 'applicant'))).toEqual(['WITHDRAW']);
      const body = await step(
        'proposals',
        id.awarded,
        who(lead, 'panel_member'),
        { type: 'RECORD_PANEL_RESULT', recommendation: 'fund', score: 4.4 },
        'joint_panel',
      );
      expect(body.progress.panel).toEqual({ recommendation: 'fund', score: 4.4, minutes: null });
      await step(
        'proposals',
        id.boardRejected,
        who(lead, 'panel_member'),
        { type: 'RECORD_PANEL_RESULT', recommendation: 'fund', score: 4 },
        'joint_panel',
      );
      await step(
        'proposals',
        id.rejected,
        who(cp, 'panel_member'),
        { type: 'RECORD_PANEL_RESULT', recommendation: 'reserve', score: 3.5 },
        'joint_panel',
      );
      for (const key of ['awarded', 'rejected', 'boardRejected'] as const) {
        expect(await allowed('proposals', id[key], who(lead, 'program_director'))).toEqual([
          'RECORD_PANEL_RESULT',
          'REOPEN_PANEL',
          'SIGN_OFF_PANEL',
        ]);
        await step('proposals', id[key], who(lead, 'program_director'), { type: 'SIGN_OFF_PANEL' }, 'joint_panel');
        await step('proposals', id[key], who(cp, 'program_director'), { type: 'SIGN_OFF_PANEL' }, 'recommended');
      }
    });
  });

  describe('the agencies select on an equal-partnership basis', () => {
    it("lets the lead's program officer start the selection, drawing the joint ranking", async () => {
      await step('calls', id.call, who(lead, 'program_officer'), { type: 'START_SELECTION' }, 'selection');
      const ranking = await api.get(`/calls/${id.call}/ranking`, who(cp, 'program_director').token);
      expectStatus(ranking, 200);
      expect(ranking.body.items.map((i: { proposalId: string }) => i.proposalId)).toEqual([
        id.awarded,
        id.boardRejected,
        id.rejected,
      ]);
    });

    it("selects a proposal once each agency's program director has selected it, and rejects it when one agency rejects it", async () => {
      const decisions = (agency: string) => [
        { proposalId: id.awarded, decision: 'select' },
        { proposalId: id.boardRejected, decision: 'select' },
        { proposalId: id.rejected, decision: agency === lead ? 'select' : 'reject' },
      ];
      for (const agency of [lead, cp]) {
        // The ranking moves until an agency has confirmed a selection over it; then it is fixed.
        expect(await allowed('calls', id.call, who(agency, 'program_director'))).toEqual(
          agency === lead ? ['CONFIRM_SELECTION', 'MOVE_IN_RANKING'] : ['CONFIRM_SELECTION'],
        );
        const pd = who(agency, 'program_director');
        await step('calls', id.call, pd, { type: 'CONFIRM_SELECTION', decisions: decisions(agency) }, 'selection');
        for (const d of decisions(agency)) {
          const key = (Object.keys(id) as (keyof typeof id)[]).find((k) => id[k] === d.proposalId)!;
          const to = agency === lead ? 'recommended' : d.decision === 'reject' ? 'rejected' : 'selected';
          fannedOut(d.proposalId, pd, 'RECORD_SELECTION', to, { agency, decision: d.decision });
          expect(stateOf(id[key])).toBe(to);
        }
      }
      const read = await api.get(`/proposals/${id.awarded}`, who(cp, 'program_officer').token);
      expect(read.body).toMatchObject({ state: 'selected', version: versionOf(id.awarded) });
      expect(read.body.progress.selection).toEqual({ [lead]: 'select', [cp]: 'select' });
      expect(await allowed('proposals', id.rejected, who(lead, 'applicant'))).toEqual([]);
    });

    it("offers SUBMIT_TO_BOARD to the lead's program director but not to its program officer", async () => {
      expect(await allowed('calls', id.call, who(lead, 'program_officer'))).toEqual([]);
      expect(await allowed('calls', id.call, who(cp, 'program_director'))).toEqual([]);
      expect(await allowed('calls', id.call, who(lead, 'program_director'))).toEqual(['SUBMIT_TO_BOARD']);
    });

    it("lets the lead's program director submit the selection to the steering committee", async () => {
      await step(
        'calls',
        id.call,
        who(lead, 'program_director'),
        { type: 'SUBMIT_TO_BOARD' },
        'board_review.steering_committee',
      );
    });
  });

  describe('the steering committee and the board of the lead agency decide', () => {
    it("lets only the lead's steering committee member conclude the deliberation, once an opinion is recorded", async () => {
      expect(await allowed('calls', id.call, who(cp, 'steering_committee_member'))).toEqual(['RECORD_OPINION']);
      expect(await allowed('calls', id.call, who(lead, 'steering_committee_member'))).toEqual(['RECORD_OPINION']);
      await step(
        'calls',
        id.call,
        who(cp, 'steering_committee_member'),
        { type: 'RECORD_OPINION', recommendation: 'approve', opinion: 'A balanced list.' },
        'board_review.steering_committee',
      );
      expect(await allowed('calls', id.call, who(lead, 'steering_committee_member'))).toEqual([
        'CONCLUDE_DELIBERATION',
        'RECORD_OPINION',
      ]);
      await step(
        'calls',
        id.call,
        who(lead, 'steering_committee_member'),
        { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve', note: 'Both agencies agree.' },
        'board_review.board_meeting',
      );
    });

    it("lets the lead's board member approve a selected proposal", async () => {
      expect(await allowed('proposals', id.awarded, who(cp, 'board_member'))).toEqual([]);
      expect(await allowed('proposals', id.awarded, who(lead, 'board_member'))).toEqual([
        'BOARD_APPROVE',
        'BOARD_DEFER',
        'BOARD_REJECT',
      ]);
      await step('proposals', id.awarded, who(lead, 'board_member'), { type: 'BOARD_APPROVE' }, 'board_approved');
    });

    it("lets the lead's board member reject a selected proposal with a reason", async () => {
      const body = await step(
        'proposals',
        id.boardRejected,
        who(lead, 'board_member'),
        { type: 'BOARD_REJECT', reason: 'Overlaps an already funded project.' },
        'board_rejected',
      );
      expect(body.progress.closingReasons).toEqual(['Overlaps an already funded project.']);
    });

    it("records the board meeting, and the lead's board member approves the selection list", async () => {
      expect(await allowed('calls', id.call, who(lead, 'board_member'))).toEqual(['RECORD_BOARD_MEETING']);
      expect(await allowed('calls', id.call, who(cp, 'board_member'))).toEqual([]);
      await step(
        'calls',
        id.call,
        who(lead, 'board_member'),
        { type: 'RECORD_BOARD_MEETING', date: '2027-09-01T09:00:00Z', attendees: ['Chair', 'Member'] },
        'board_review.board_meeting',
      );
      expect(await allowed('calls', id.call, who(lead, 'board_member'))).toEqual([
        'BOARD_APPROVE_SELECTION',
        'RECORD_BOARD_MEETING',
      ]);
      const body = await step(
        'calls',
        id.call,
        who(lead, 'board_member'),
        { type: 'BOARD_APPROVE_SELECTION', note: 'Approved as listed.' },
        'board_decided',
      );
      expect(body.progress.boardDecision).toEqual({ note: 'Approved as listed.' });
    });

    it("lets the lead's program officer announce the results, which awards the approved proposal and tells every PI", async () => {
      expect(await allowed('calls', id.call, who(cp, 'program_officer'))).toEqual([]);
      expect(await allowed('calls', id.call, who(lead, 'program_officer'))).toEqual(['ANNOUNCE_RESULTS']);
      const po = who(lead, 'program_officer');
      await step('calls', id.call, po, { type: 'ANNOUNCE_RESULTS' }, 'results_announced');
      fannedOut(id.awarded, po, 'ANNOUNCE_RESULT', 'awarded', {});
      fannedOut(id.boardRejected, po, 'ANNOUNCE_RESULT', 'not_funded', {});
      fannedOut(id.rejected, po, 'ANNOUNCE_RESULT', 'not_funded', {});
      const read = await api.get(`/proposals/${id.awarded}`, who(lead, 'applicant').token);
      expect(read.body).toMatchObject({ state: 'awarded', progress: { result: { decision: 'awarded' } } });
      expect(await allowed('proposals', id.awarded, who(lead, 'applicant'))).toEqual([]);
      expect(await allowed('proposals', id.rejected, who(lead, 'applicant'))).toEqual(['REQUEST_REDRESS']);
    });

    it("lets the lead's program officer archive the call, after which nobody may send anything", async () => {
      await step('calls', id.call, who(lead, 'program_officer'), { type: 'ARCHIVE' }, 'archived');
      expect(await allowed('calls', id.call, who(lead, 'program_officer'))).toEqual([]);
      expect(await allowed('calls', id.call, w.admin)).toEqual([]);
    });
  });

  describe('the audit trail', () => {
    const expectHistory = async (resource: Resource, instance: string, reader: Person) => {
      const res = await api.get(`/${resource}/${instance}/history`, reader.token);
      expectStatus(res, 200);
      const expected = logs.get(instance)!;
      expect(
        res.body.items.map(
          (i: { seq: number; event: string; from: string | null; to: string; actor: { id: string } }) => ({
            seq: i.seq,
            event: i.event,
            from: i.from,
            to: i.to,
            actorId: i.actor.id,
          }),
        ),
      ).toEqual(expected.map(({ payload: _payload, ...rest }) => rest));
      for (const [n, item] of (
        res.body.items as { payload: Record<string, unknown>; actor: { name: string }; at: string }[]
      ).entries()) {
        // These proposals are past the joint panel (or never reached a consolidation): every agency's
        // consolidation is shared with the staff of each, as the panel's page shows it.
        expect(item.payload).toEqual(expected[n].payload ?? {});
        expect(item.actor.name).toEqual(expect.any(String));
        expect(Number.isNaN(Date.parse(item.at))).toBe(false);
      }
      expect(res.body.verification).toBeUndefined();
    };

    it('lists every transition of the call in order with its actor, from and to', async () => {
      expect(logs.get(id.call)!.map((l) => l.to)).toEqual([
        'draft',
        'draft',
        'draft',
        'draft',
        'announced',
        'open',
        'closed',
        'in_review',
        'panel',
        'selection',
        'selection',
        'selection',
        'board_review.steering_committee',
        'board_review.steering_committee',
        'board_review.board_meeting',
        'board_review.board_meeting',
        'board_decided',
        'results_announced',
        'archived',
      ]);
      await expectHistory('calls', id.call, who(lead, 'program_officer'));
    });

    it('lists every transition of each proposal in order with its actor, from and to', async () => {
      expect(logs.get(id.awarded)!.at(-1)!.to).toBe('awarded');
      expect(logs.get(id.rejected)!.at(-1)!.to).toBe('not_funded');
      expect(logs.get(id.boardRejected)!.at(-1)!.to).toBe('not_funded');
      expect(logs.get(id.ineligible)!.at(-1)!.to).toBe('ineligible');
      await expectHistory('proposals', id.awarded, who(lead, 'program_officer'));
      await expectHistory('proposals', id.rejected, who(cp, 'program_officer'));
      await expectHistory('proposals', id.boardRejected, who(lead, 'board_member'));
      await expectHistory('proposals', id.ineligible, who(cp, 'applicant'));
    });

    it("shows the applicant their proposal's history without the agencies' internal steps, states masked until the result", async () => {
      const res = await api.get(`/proposals/${id.awarded}/history`, who(lead, 'applicant').token);
      expectStatus(res, 200);
      const items = res.body.items as { event: string; from: string | null; to: string }[];
      // Consolidation, panel, sign-offs, selection and the board's decision are the agencies' own.
      expect(items.map((i) => i.event)).toEqual([
        'CREATED',
        'SUBMIT',
        'START_ELIGIBILITY_CHECK',
        'RULE_ELIGIBILITY',
        'RULE_ELIGIBILITY',
        'REQUEST_INFORMATION',
        'PROVIDE_INFORMATION',
        'ANNOUNCE_RESULT',
      ]);
      expect(items.at(-1)).toMatchObject({ event: 'ANNOUNCE_RESULT', from: 'under_review', to: 'awarded' });
    });

    it('verifies the hash chain of the call and of every proposal', async () => {
      for (const [resource, instance] of [
        ['calls', id.call],
        ['proposals', id.awarded],
        ['proposals', id.rejected],
        ['proposals', id.boardRejected],
        ['proposals', id.ineligible],
      ] as const) {
        const res = await api.get(`/${resource}/${instance}/history?verify=true`, w.admin.token);
        expectStatus(res, 200);
        expect(res.body.verification).toEqual({
          valid: true,
          checked: logs.get(instance)!.length,
          firstInvalidSeq: null,
          reason: null,
          checks: { chain: true, version: true, state: true },
        });
      }
    });
  });
});
