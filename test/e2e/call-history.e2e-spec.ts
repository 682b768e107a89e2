import type { Person } from '../factories/world.js';
import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * A call's history (`GET /calls/:id/history`) over HTTP, SICORP bilateral call walked to its
 * announced results with a moved ranking, both agencies' selection and a board that rejects one
 * proposal with its reason: applicants (with or without a proposal in the call) and reviewers see
 * only the call's public steps, with the states in between masked; the agencies' staff read every step.
 */
describe("a call's history", () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, US: string;
  let callId = '';
  const id = { kept: '', rejected: '' };
  let applicant: Person;
  let outsider: Person;
  let reviewer: Person;
  const RANKING_REASON = 'SECRET ranking reason';
  const REJECTION_REASON = 'SECRET rejection reason';
  const OPINION = 'SECRET opinion of the steering committee';
  const PUBLIC_EVENTS = [
    'CREATED',
    'ANNOUNCE',
    'OPEN',
    'CLOSE',
    'CONFIGURE_REVIEW',
    'ANNOUNCE_RESULTS',
    'ARCHIVE',
    'CANCEL',
  ];
  const PUBLIC_STATES = [null, 'draft', 'announced', 'open', 'closed', 'under_review', 'results_announced'];
  const po = (agency: string) => w.who(agency, 'program_officer');

  type Item = { event: string; payload: Record<string, unknown>; from: string | null; to: string; gap?: true };
  const historyOf = async (person: Person) => {
    const res = await w.api.get(`/calls/${callId}/history`, person.token);
    expectStatus(res, 200);
    return { items: res.body.items as Item[], text: JSON.stringify(res.body) };
  };

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'US', currency: 'USD' }]);
    [JST, US] = w.agencies;
    callId = await w.openCall('sicorp-bilateral', [
      { code: JST, cap: 30_000_000, envelope: 500_000_000 },
      { code: US, cap: 1_000_000, envelope: 100_000_000 },
    ]);
    for (const key of ['kept', 'rejected'] as const) {
      const made = await w.proposal(callId, [
        { agency: JST, budget: 10_000_000 },
        { agency: US, budget: 100_000 },
      ]);
      expectStatus(made.res, 201);
      id[key] = made.id;
      if (key === 'kept') applicant = made.applicant;
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
    }
    outsider = await w.factory.person('applicant', US);
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
    for (const key of ['kept', 'rejected'] as const) {
      await w.send('proposals', id[key], po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      for (const agency of [JST, US])
        await w.send('proposals', id[key], w.who(agency, 'agency_officer'), {
          type: 'RULE_ELIGIBILITY',
          eligible: true,
        });
      for (const agency of [JST, US]) {
        const theirs = await w.review(id[key], agency, 4);
        if (key === 'kept' && agency === JST) reviewer = theirs;
        await w.send('proposals', id[key], po(agency), {
          type: 'COMPLETE_AGENCY_REVIEW',
          score: 4,
          recommendation: 'fund',
          summary: `${agency} supports it.`,
        });
      }
    }
    await w.send('calls', callId, po(JST), { type: 'START_PANEL', date: at(1) });
    for (const key of ['kept', 'rejected'] as const) {
      await w.send('proposals', id[key], w.who(JST, 'panel_member'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: 'fund',
        score: 4.2,
        minutes: 'Joint panel.',
      });
      for (const agency of [JST, US]) await w.send('proposals', id[key], po(agency), { type: 'SIGN_OFF_PANEL' });
    }
    await w.send('calls', callId, po(JST), { type: 'START_SELECTION' });
    await w.send('calls', callId, po(JST), {
      type: 'MOVE_IN_RANKING',
      proposalId: id.rejected,
      position: 1,
      reason: RANKING_REASON,
    });
    for (const agency of [JST, US]) {
      await w.send('calls', callId, w.who(agency, 'program_director'), {
        type: 'CONFIRM_SELECTION',
        decisions: [id.kept, id.rejected].map((proposalId) => ({ proposalId, decision: 'select' })),
      });
    }
    await w.send('calls', callId, w.who(JST, 'program_director'), { type: 'SUBMIT_TO_BOARD' });
    await w.send('calls', callId, w.who(US, 'steering_committee_member'), {
      type: 'RECORD_OPINION',
      recommendation: 'approve',
      opinion: OPINION,
    });
    await w.send('calls', callId, w.who(JST, 'steering_committee_member'), {
      type: 'CONCLUDE_DELIBERATION',
      recommendation: 'approve_with_changes',
      note: 'SECRET note',
    });
    await w.send('calls', callId, w.who(JST, 'board_member'), {
      type: 'RECORD_BOARD_MEETING',
      date: at(2),
      attendees: ['SECRET attendee'],
    });
    await w.send('calls', callId, w.who(JST, 'board_member'), {
      type: 'BOARD_APPROVE_SELECTION',
      rejections: [{ proposalId: id.rejected, reason: REJECTION_REASON }],
    });
    expect((await w.send('calls', callId, po(JST), { type: 'ANNOUNCE_RESULTS' })).state).toBe('results_announced');
  });
  afterAll(() => sut.close());

  it('shows applicants, with or without a proposal in the call, and reviewers only its public steps, the states in between masked', async () => {
    for (const reader of [applicant, outsider, reviewer]) {
      const { items, text } = await historyOf(reader);
      expect(items.map((i) => i.event)).toEqual([
        'CREATED',
        'CONFIGURE_REVIEW',
        'ANNOUNCE',
        'OPEN',
        'CLOSE',
        'ANNOUNCE_RESULTS',
      ]);
      for (const item of items) {
        expect(PUBLIC_EVENTS).toContain(item.event);
        expect(PUBLIC_STATES).toContain(item.from);
        expect(PUBLIC_STATES).toContain(item.to);
      }
      // Each step goes on from where the one before left the call, or says that steps not shown came between.
      expect(items.map(({ event, from, to, gap }) => [event, from, to, gap ?? false])).toEqual([
        ['CREATED', null, 'draft', false],
        // The agencies approved their parts of the draft in between (left out): it stayed a draft.
        ['CONFIGURE_REVIEW', 'draft', 'draft', false],
        ['ANNOUNCE', 'draft', 'announced', false],
        ['OPEN', 'announced', 'open', false],
        ['CLOSE', 'open', 'closed', false],
        ['ANNOUNCE_RESULTS', 'under_review', 'results_announced', true],
      ]);
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain(id.rejected);
    }
  });

  it("shows the agencies' staff every step with its payload", async () => {
    for (const reader of [po(JST), po(US), w.admin]) {
      const { items } = await historyOf(reader);
      expect(items.map((i) => i.event)).toEqual([
        'CREATED',
        // The co-owned call (sicorp-joint-call@2): each agency approves its part before the call is announced.
        'APPROVE_PARTICIPATION',
        'APPROVE_PARTICIPATION',
        'CONFIGURE_REVIEW',
        'ANNOUNCE',
        'OPEN',
        'CLOSE',
        'START_REVIEW',
        'START_PANEL',
        'START_SELECTION',
        'MOVE_IN_RANKING',
        'CONFIRM_SELECTION',
        'CONFIRM_SELECTION',
        'SUBMIT_TO_BOARD',
        'RECORD_OPINION',
        'CONCLUDE_DELIBERATION',
        'RECORD_BOARD_MEETING',
        'BOARD_APPROVE_SELECTION',
        'ANNOUNCE_RESULTS',
      ]);
      expect(items.find((i) => i.event === 'MOVE_IN_RANKING')!.payload).toEqual({
        proposalId: id.rejected,
        position: 1,
        reason: RANKING_REASON,
      });
      expect(items.find((i) => i.event === 'BOARD_APPROVE_SELECTION')!.payload).toEqual({
        rejections: [{ proposalId: id.rejected, reason: REJECTION_REASON }],
      });
      expect(items.find((i) => i.event === 'ANNOUNCE_RESULTS')!.from).toBe('board_decided');
      expect(items.filter((i) => i.gap)).toEqual([]);
    }
  });
});
