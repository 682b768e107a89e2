import { NAMES_A_PERSON, WORKFLOWS, workflowKey, type Role } from '../../../workflows/index.js';
import type { Actor } from '../actor.js';
import { visibleHistory, type LoggedTransition } from '../history-visibility.js';
import { payloadFields } from '../workflow-check.js';

const definition = (key: string) => WORKFLOWS.find((d) => workflowKey(d) === key)!;
const proposalWorkflow = definition('sicorp-joint-proposal@1');
const assignmentWorkflow = definition('review-assignment@1');
const actor = (userId: string, ...grants: [Role, string | null][]): Actor => ({
  userId,
  grants: grants.map(([role, agency]) => ({ role, agency })),
});

const proposal = { type: 'proposal', access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: ['applicant'] } };
const consolidation: LoggedTransition = {
  seq: 9,
  event: 'COMPLETE_AGENCY_REVIEW',
  payload: { agency: 'JST', score: 4, summary: 'secret' },
  from: 'under_review',
  to: 'under_review',
};
const panel: LoggedTransition = {
  seq: 10,
  event: 'RECORD_PANEL_RESULT',
  payload: { minutes: 'minutes' },
  from: 'joint_panel',
  to: 'joint_panel',
};
const payloadOf = (reader: Actor, state: string, row = consolidation) =>
  visibleHistory(reader, proposalWorkflow, { ...proposal, state }, [row]).map((r) => r.payload);

describe('visibleHistory', () => {
  it("shows an agency's consolidation before the panel to its officers, PO and PD and to administrators only", () => {
    for (const reader of [
      actor('po', ['program_officer', 'JST']),
      actor('o', ['agency_officer', 'JST']),
      actor('pd', ['program_director', 'JST']),
      actor('admin', ['administrator', null]),
    ]) {
      expect(payloadOf(reader, 'under_review')).toEqual([consolidation.payload]);
    }
    for (const reader of [
      actor('pm', ['panel_member', 'JST']),
      actor('sc', ['steering_committee_member', 'JST']),
      actor('bm', ['board_member', 'JST']),
      actor('nsf', ['program_officer', 'NSF']),
    ]) {
      expect(payloadOf(reader, 'under_review')).toEqual([{ agency: 'JST' }]);
    }
  });

  it("shares every agency's consolidation with the staff of each from the joint panel on", () => {
    expect(payloadOf(actor('bm', ['board_member', 'NSF']), 'joint_panel')).toEqual([consolidation.payload]);
    expect(payloadOf(actor('bm', ['board_member', 'NSF']), 'awarded')).toEqual([consolidation.payload]);
  });

  it("leaves the agencies' internal steps out for applicants and reviewers, and masks states", () => {
    expect(
      visibleHistory(
        actor('applicant', ['applicant', 'JST']),
        proposalWorkflow,
        { ...proposal, state: 'joint_panel' },
        [consolidation, panel],
      ),
    ).toEqual([]);
    const reviewer = actor('r', ['reviewer', 'JST']);
    expect(
      visibleHistory(reviewer, proposalWorkflow, { ...proposal, state: 'joint_panel' }, [consolidation, panel]),
    ).toEqual([]);
  });

  it("keeps a reviewer's draft to that reviewer: others, administrators included, see the event without its payload", () => {
    const draft: LoggedTransition = {
      seq: 3,
      event: 'SAVE_DRAFT',
      payload: { confidentialComments: 'draft' },
      from: 'accepted',
      to: 'accepted',
    };
    const submitted: LoggedTransition = {
      seq: 4,
      event: 'SUBMIT_REVIEW',
      payload: { confidentialComments: 'final' },
      from: 'accepted',
      to: 'submitted',
    };
    const subject = {
      type: 'assignment',
      access: { agencies: ['JST'], lead: 'JST', owners: ['reviewer'] },
      state: 'submitted',
    };
    expect(
      visibleHistory(actor('reviewer', ['reviewer', 'JST']), assignmentWorkflow, subject, [draft, submitted]).map(
        (r) => r.payload,
      ),
    ).toEqual([draft.payload, submitted.payload]);
    for (const reader of [actor('po', ['program_officer', 'JST']), actor('admin', ['administrator', null])]) {
      expect(visibleHistory(reader, assignmentWorkflow, subject, [draft, submitted]).map((r) => r.payload)).toEqual([
        {},
        submitted.payload,
      ]);
    }
  });

  it("keeps in a call step's payload only the proposals the reader may see, and only the event name when none is left", () => {
    const call = {
      type: 'call',
      access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: [] },
      state: 'board_decided',
      mayRead: (id: string) => id === 'seen',
    };
    const rows: LoggedTransition[] = [
      {
        seq: 1,
        event: 'MOVE_IN_RANKING',
        payload: { proposalId: 'unseen', position: 1, reason: 'r' },
        from: 'selection',
        to: 'selection',
      },
      {
        seq: 2,
        event: 'MOVE_IN_RANKING',
        payload: { proposalId: 'seen', position: 2, reason: 'r' },
        from: 'selection',
        to: 'selection',
      },
      {
        seq: 3,
        event: 'CONFIRM_SELECTION',
        payload: {
          agency: 'JST',
          decisions: [
            { proposalId: 'seen', decision: 'select' },
            { proposalId: 'unseen', decision: 'reject' },
          ],
        },
        from: 'selection',
        to: 'selection',
      },
      {
        seq: 4,
        event: 'BOARD_APPROVE_SELECTION',
        payload: { note: 'n', rejections: [{ proposalId: 'unseen', reason: 'no' }] },
        from: 'board_review',
        to: 'board_decided',
      },
      { seq: 5, event: 'START_PANEL', payload: { date: 'd' }, from: 'in_review', to: 'panel' },
    ];
    expect(
      visibleHistory(actor('po', ['program_officer', 'NSF']), definition('sicorp-joint-call@1'), call, rows).map(
        (r) => r.payload,
      ),
    ).toEqual([
      {},
      rows[1].payload,
      { agency: 'JST', decisions: [{ proposalId: 'seen', decision: 'select' }] },
      {},
      { date: 'd' },
    ]);
  });

  describe("a redacted history's chain", () => {
    const callWorkflow = definition('sicorp-joint-call@2');
    const call = {
      type: 'call',
      access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: [] },
      state: 'results_announced',
    };
    const step = (seq: number, event: string, from: string | null, to: string): LoggedTransition => ({
      seq,
      event,
      payload: {},
      from,
      to,
    });
    // A co-owned call: each agency approves its part in the draft (confidential, the state unchanged), then
    // the public steps, the agencies' own from the review to the board, and the announced results.
    const rows = [
      step(1, 'CREATED', null, 'draft'),
      step(2, 'APPROVE_PARTICIPATION', 'draft', 'draft'),
      step(3, 'APPROVE_PARTICIPATION', 'draft', 'draft'),
      step(4, 'CONFIGURE_REVIEW', 'draft', 'draft'),
      step(5, 'ANNOUNCE', 'draft', 'announced'),
      step(6, 'OPEN', 'announced', 'open'),
      step(7, 'CLOSE', 'open', 'closed'),
      step(8, 'START_REVIEW', 'closed', 'in_review'),
      step(9, 'START_PANEL', 'in_review', 'panel'),
      step(10, 'START_SELECTION', 'panel', 'selection'),
      step(11, 'SUBMIT_TO_BOARD', 'selection', 'board_review'),
      step(12, 'BOARD_APPROVE_SELECTION', 'board_review', 'board_decided'),
      step(13, 'ANNOUNCE_RESULTS', 'board_decided', 'results_announced'),
      step(14, 'ARCHIVE', 'results_announced', 'archived'),
    ];
    const shown = (reader: Actor) =>
      visibleHistory(reader, callWorkflow, call, rows).map(({ event, from, to, gap }) => ({
        event,
        from,
        to,
        ...(gap ? { gap } : {}),
      }));

    it('keeps the draft a draft for applicants after a hidden step that stayed in it, and marks where hidden steps moved the state', () => {
      for (const reader of [actor('applicant', ['applicant', 'JST']), actor('r', ['reviewer', 'NSF'])]) {
        expect(shown(reader)).toEqual([
          { event: 'CREATED', from: null, to: 'draft' },
          { event: 'CONFIGURE_REVIEW', from: 'draft', to: 'draft' },
          { event: 'ANNOUNCE', from: 'draft', to: 'announced' },
          { event: 'OPEN', from: 'announced', to: 'open' },
          { event: 'CLOSE', from: 'open', to: 'closed' },
          { event: 'ANNOUNCE_RESULTS', from: 'under_review', to: 'results_announced', gap: true },
          { event: 'ARCHIVE', from: 'results_announced', to: 'archived' },
        ]);
      }
    });

    it('shows the whole chain, with no gap, to those who see every step', () => {
      for (const reader of [actor('po', ['program_officer', 'NSF']), actor('admin', ['administrator', null])]) {
        const items = visibleHistory(reader, callWorkflow, call, rows);
        expect(items.map((i) => [i.from, i.to])).toEqual(rows.map((r) => [r.from, r.to]));
        expect(items.some((i) => i.gap)).toBe(false);
      }
    });

    it("marks a proposal's entry after hidden steps that moved it to a state its reader sees", () => {
      const proposalRows = [
        step(1, 'CREATED', null, 'draft'),
        step(2, 'SUBMIT', 'draft', 'submitted'),
        step(3, 'START_ELIGIBILITY_CHECK', 'submitted', 'eligibility_check'),
        step(4, 'RULE_ELIGIBILITY', 'eligibility_check', 'under_review'),
        { ...consolidation, seq: 5, from: 'under_review', to: 'joint_panel' },
        { ...panel, seq: 6, from: 'joint_panel', to: 'recommended' },
        step(7, 'WITHDRAW', 'recommended', 'withdrawn'),
      ];
      const items = visibleHistory(
        actor('applicant', ['applicant', 'JST']),
        proposalWorkflow,
        { ...proposal, state: 'withdrawn' },
        proposalRows,
      );
      expect(items.map((i) => i.event)).toEqual([
        'CREATED',
        'SUBMIT',
        'START_ELIGIBILITY_CHECK',
        'RULE_ELIGIBILITY',
        'WITHDRAW',
      ]);
      for (const [k, item] of items.entries())
        expect([item.event, item.gap ? 'gap' : item.from]).toEqual([item.event, k === 0 ? null : items[k - 1].to]);
    });
  });

  it('never shows a reviewer or an applicant a payload field naming a person, in any event of any workflow', () => {
    const SOMEONE = '7d3f0c2e-0000-4000-8000-000000000001';
    const readers = [actor('owner', ['reviewer', 'JST']), actor('owner', ['applicant', null])];
    const found: string[] = [];
    let named = 0;
    for (const definition of WORKFLOWS)
      for (const [event, rule] of Object.entries(definition.events)) {
        const people = payloadFields(rule).filter((f) => NAMES_A_PERSON.test(f));
        if (people.length === 0) continue;
        named++;
        const row: LoggedTransition = {
          seq: 1,
          event,
          payload: { reason: 'kept', ...Object.fromEntries(people.map((f) => [f, SOMEONE])) },
          from: null,
          to: 'somewhere',
        };
        const subject = {
          type: definition.subject,
          access: { agencies: ['JST'], lead: 'JST', owners: ['owner'] },
          state: 'somewhere',
        };
        for (const reader of readers)
          if (JSON.stringify(visibleHistory(reader, definition, subject, [row])).includes(SOMEONE))
            found.push(`${workflowKey(definition)} ${event} shows ${people.join(', ')} to ${reader.grants[0].role}s`);
      }
    // REASSIGN (review-assignment@1, @2) and WAIVE_CONFLICT (every proposal workflow) at least.
    expect(named).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });
});
