import { createMachine, type StateValue } from 'xstate';
import { BUDGET_DECIDING_STATES, BUDGET_HOLDING_STATES, defineWorkflow, WORKFLOWS } from '../../../workflows/index.js';
import {
  isStateTagged,
  STATE_TAGS,
  StateTagIndex,
  stateTagIndex,
  statesTagged,
  TAGS,
  taggedStates,
  type StateTag,
  type SubjectType,
} from '../state-tags.js';

/**
 * The literal lists of state names the server held before the states carried tags (file, constant
 * or expression). The tag mapping must reproduce each of them exactly.
 */
const TODAY: { tag: StateTag; subject: SubjectType; was: string; states: readonly string[] }[] = [
  {
    tag: 'panel-on',
    subject: 'proposal',
    was: 'engine/access.ts PANEL_ON_STATES',
    states: [
      'joint_panel',
      'recommended',
      'not_recommended',
      'selected',
      'waitlisted',
      'rejected',
      'deferred',
      'board_approved',
      'board_rejected',
      'funding_agreed',
      'awarded',
      'not_funded',
      'redress_requested',
      'redress_upheld',
      'closed',
      // chirp-hub@3: the hub's second period (as `awarded`).
      'second_period',
    ],
  },
  {
    tag: 'before-panel-result',
    subject: 'proposal',
    was: 'modules/reviews/review-hooks.ts BEFORE_PANEL_RESULT',
    // That list missed SICORP v2's rebuttal (before the joint panel): a call could start selection
    // with a proposal in rebuttal. The tag adds it (issue 13).
    states: [
      'pre_proposal',
      'submitted',
      'eligibility_check',
      'more_information_requested',
      'under_review',
      'rebuttal',
      'joint_panel',
    ],
  },
  {
    tag: 'announceable',
    subject: 'proposal',
    was: 'modules/reviews/review-hooks.ts ANNOUNCEABLE',
    states: ['board_approved', 'board_rejected', 'rejected', 'not_recommended', 'waitlisted', 'funding_agreed'],
  },
  {
    tag: 'undecided',
    subject: 'proposal',
    was: 'modules/reviews/review-hooks.ts UNDECIDED',
    states: [
      ...[
        'pre_proposal',
        'submitted',
        'eligibility_check',
        'more_information_requested',
        'under_review',
        'rebuttal', // missed by that list, as by BEFORE_PANEL_RESULT (issue 13)
        'joint_panel',
        're_evaluation', // after an upheld redress (issue 15)
      ],
      ...['recommended', 'selected', 'funding_decision', 'deferred'],
      ...['board_approved', 'board_rejected', 'rejected', 'not_recommended', 'waitlisted', 'funding_agreed'],
    ],
  },
  {
    tag: 'board-list',
    subject: 'proposal',
    was: 'console/board/board-data.service.ts BOARD_LIST_STATES',
    states: ['selected', 'deferred', 'board_approved', 'board_rejected'],
  },
  {
    tag: 'awaiting-board',
    subject: 'proposal',
    was: "review-hooks.ts wi.state = 'selected' (board fan-outs), board.view.ts i.state === 'selected'",
    states: ['selected'],
  },
  {
    tag: 'board-undecided',
    subject: 'proposal',
    was: "board-data.service.ts i.state === 'deferred' || i.state === 'selected'",
    states: ['deferred', 'selected'],
  },
  { tag: 'board-deferred', subject: 'proposal', was: "board.view.ts i.state === 'deferred'", states: ['deferred'] },
  {
    tag: 'board-rejected',
    subject: 'proposal',
    was: "board.view.ts i.state !== 'board_rejected'",
    states: ['board_rejected'],
  },
  {
    tag: 'in-selection',
    subject: 'proposal',
    was: "review-hooks.ts wi.state = 'recommended', panel-selection.view.ts r.state === 'recommended'",
    states: ['recommended'],
  },
  {
    tag: 'reviewers-assignable',
    subject: 'proposal',
    was: "assignments.service.ts state !== 'under_review' / wi.state = 'under_review', review-management.controller.ts",
    // re_evaluation: reviewed again after an upheld redress (issue 15).
    states: ['under_review', 're_evaluation'],
  },
  { tag: 'queued', subject: 'proposal', was: "proposals.service.ts wi.state = 'submitted'", states: ['submitted'] },
  {
    tag: 'budget-holding',
    subject: 'proposal',
    was: 'workflows/kit/review-rules.ts BUDGET_HOLDING_STATES',
    states: BUDGET_HOLDING_STATES,
  },
  {
    tag: 'budget-deciding',
    subject: 'proposal',
    was: 'workflows/kit/review-rules.ts BUDGET_DECIDING_STATES',
    states: BUDGET_DECIDING_STATES,
  },
  { tag: 'private-draft', subject: 'proposal', was: 'engine/access.ts PRIVATE_DRAFT_STATE', states: ['draft'] },
  { tag: 'private-draft', subject: 'call', was: 'engine/access.ts PRIVATE_DRAFT_STATE', states: ['draft'] },
  {
    tag: 'accepts-drafts',
    subject: 'call',
    was: 'modules/proposals/proposals.service.ts DRAFTING_CALL_STATES',
    states: ['announced', 'open'],
  },
  {
    tag: 'ended',
    subject: 'call',
    was: "modules/calls/calls.service.ts ['cancelled', 'archived']",
    states: ['cancelled', 'archived'],
  },
  {
    tag: 'opening-ahead',
    subject: 'call',
    was: "modules/calls/calls.service.ts ['draft', 'announced']",
    states: ['draft', 'announced'],
  },
  {
    tag: 'closing-ahead',
    subject: 'call',
    was: "modules/calls/calls.service.ts ['draft', 'announced', 'open']",
    states: ['draft', 'announced', 'open'],
  },
  {
    tag: 'open-for-submissions',
    subject: 'call',
    was: "modules/demo/seed-demo.ts state === 'open'",
    states: ['open'],
  },
  {
    tag: 'board-deliberating',
    subject: 'call',
    was: "console/board/board-data.service.ts call.state === 'board_review.board_meeting' || ... 'board_review.steering_committee'",
    // That check missed CONCERT-Japan's forum of funders, its board meeting (issue 13).
    states: ['board_review.board_meeting', 'board_review.steering_committee', 'forum_of_funders'],
  },
  {
    tag: 'open-to-reviewer',
    subject: 'assignment',
    was: 'console/reviews/reviews.controller.ts OPEN_TO_REVIEWER',
    states: ['accepted', 'submitted', 'overdue', 'reopening'],
  },
  {
    tag: 'reviewing',
    subject: 'assignment',
    was: 'modules/reviews/review-access.ts REVIEWING_STATES',
    states: ['accepted', 'submitted', 'overdue'],
  },
  {
    tag: 'active-assignment',
    subject: 'assignment',
    was: 'modules/reviews/review-access.ts ACTIVE_ASSIGNMENT_STATES',
    states: ['invited', 'accepted', 'submitted', 'overdue'],
  },
  {
    tag: 'review-due',
    subject: 'assignment',
    was: "console/reviews/reviews-dashboard.panel.ts wi.state IN ('invited', 'accepted')",
    states: ['invited', 'accepted'],
  },
  {
    tag: 'review-overdue',
    subject: 'assignment',
    was: "reviews-dashboard.panel.ts wi.state = 'overdue', reviews.controller.ts a.state === 'overdue'",
    states: ['overdue'],
  },
  {
    tag: 'awaiting-eligibility',
    subject: 'proposal',
    was: "(new) the convene warning's proposals awaiting eligibility",
    states: ['submitted', 'eligibility_check'],
  },
  {
    tag: 'panel-ahead',
    subject: 'call',
    was: "(new) the dashboard's deadlines: review due and panel dates still ahead",
    states: ['draft', 'announced', 'open', 'closed', 'full_proposals', 'full_proposals_closed', 'in_review'],
  },
  {
    tag: 'board-ahead',
    subject: 'call',
    was: "(new) the dashboard's deadlines: the board date still ahead",
    states: [
      'draft',
      'announced',
      'open',
      'closed',
      'full_proposals',
      'full_proposals_closed',
      'in_review',
      'panel',
      'selection',
      'forum_of_funders',
      'board_review.steering_committee',
      'board_review.board_meeting',
    ],
  },
  {
    tag: 'waitlist',
    subject: 'proposal',
    was: '(new) the stage bar: a waitlisted proposal is in selection, not decided',
    states: ['waitlisted'],
  },
  {
    tag: 'drafting-review',
    subject: 'assignment',
    was: "console/reviews/reviews.controller.ts a.state === 'accepted'",
    states: ['accepted'],
  },
  // Branch ircc: a new tag, no literal list before it.
  {
    tag: 'unit-established',
    subject: 'unit',
    was: 'research units raise their fellow call once established (calls/use-cases/create-call.use-case.ts)',
    states: ['established'],
  },
];

const sorted = (xs: readonly string[]) => [...xs].sort();
const SUBJECTS: SubjectType[] = ['call', 'proposal', 'assignment'];

describe('statesTagged', () => {
  it.each(TODAY.map((t) => [`${t.tag} (${t.subject})`, t] as const))(
    'reproduces the literal list it replaces: %s',
    (_, { tag, subject, states }) => {
      expect(sorted(statesTagged(tag, subject))).toEqual(sorted(states));
    },
  );

  it("keeps the order of the board's list (the board page lists its states in that order)", () => {
    expect(statesTagged('board-list', 'proposal')).toEqual([
      'selected',
      'deferred',
      'board_approved',
      'board_rejected',
    ]);
  });

  it('names, without a subject type, the same states as with the one subject type that uses the tag', () => {
    for (const { tag, subject } of TODAY) {
      if (tag === 'private-draft') continue;
      expect([tag, sorted(statesTagged(tag))]).toEqual([tag, sorted(statesTagged(tag, subject))]);
    }
    expect(sorted(statesTagged('private-draft'))).toEqual(['draft']);
    expect(statesTagged('private-draft', 'assignment')).toEqual([]);
  });

  it('covers every tag it exports, and every tag tags some state', () => {
    expect(sorted(TAGS)).toEqual(sorted(Object.keys(STATE_TAGS)));
    expect(sorted([...new Set(TODAY.map((t) => t.tag))])).toEqual(sorted(TAGS));
    for (const tag of TAGS) expect([tag, statesTagged(tag).length > 0]).toEqual([tag, true]);
  });

  it('answers the same frozen array every time', () => {
    expect(statesTagged('panel-on', 'proposal')).toBe(statesTagged('panel-on', 'proposal'));
    expect(Object.isFrozen(statesTagged('panel-on', 'proposal'))).toBe(true);
  });

  it('refuses a tag it does not know', () => {
    expect(() => statesTagged('panel_on' as StateTag)).toThrow('unknown state tag panel_on');
  });

  it('tells whether a state carries a tag', () => {
    expect(isStateTagged('joint_panel', 'panel-on', 'proposal')).toBe(true);
    expect(isStateTagged('under_review', 'panel-on', 'proposal')).toBe(false);
    expect(isStateTagged('joint_panel', 'panel-on', 'call')).toBe(false);
  });
});

describe('the tags of the registered definitions', () => {
  it('are the same for a state name in every definition of a subject type, so a query by name means one thing', () => {
    const index = stateTagIndex();
    const problems: string[] = [];
    for (const subject of SUBJECTS) {
      const states = index.all().filter((s) => s.subject === subject);
      for (const s of states) {
        const first = states.find((o) => o.state === s.state)!;
        if (sorted(first.tags).join() !== sorted(s.tags).join())
          problems.push(`${s.workflow} ${s.state}: [${s.tags}] but ${first.workflow}: [${first.tags}]`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("agree with XState's hasTag in every resting state of every definition", () => {
    const valueOf = (path: string): StateValue => {
      const [head, ...rest] = path.split('.');
      return rest.length ? { [head]: valueOf(rest.join('.')) } : head;
    };
    for (const definition of WORKFLOWS) {
      for (const { state, tags } of taggedStates(definition)) {
        const snapshot = definition.machine.resolveState({ value: valueOf(state), context: {} } as never);
        const seen = TAGS.filter((t) => snapshot.hasTag(t));
        expect([definition.id, state, sorted(seen)]).toEqual([definition.id, state, sorted(tags)]);
      }
    }
  });

  it('are answered per definition and state', () => {
    const index = stateTagIndex();
    const sicorpV2 = WORKFLOWS.find((d) => d.id === 'sicorp-joint-proposal' && d.version === 2)!;
    expect(sorted(index.tagsOf(sicorpV2, 'under_review'))).toEqual([
      'before-panel-result',
      'reviewers-assignable',
      'undecided',
    ]);
    expect(sorted(index.tagsOf(sicorpV2, 'rebuttal'))).toEqual(['before-panel-result', 'undecided']);
    expect(index.tagsOf(sicorpV2, 'no_such_state')).toEqual([]);
  });
});

describe('StateTagIndex', () => {
  const machine = createMachine({
    id: 'tagged',
    initial: 'a',
    states: {
      a: { tags: ['private-draft'], on: { GO: 'b' } },
      b: {
        tags: ['board-deliberating'],
        initial: 'c',
        states: { c: { tags: ['ended'] }, d: {} },
      },
      e: { type: 'final' },
    },
  });
  const definition = defineWorkflow({
    id: 'tagged',
    version: 1,
    subject: 'call',
    title: 'Tagged',
    machine,
    events: {},
  });

  it('walks the resting states as persisted, each with its own tags and its ancestors', () => {
    expect(taggedStates(definition).map((s) => [s.state, sorted(s.tags)])).toEqual([
      ['a', ['private-draft']],
      ['b.c', ['board-deliberating', 'ended']],
      ['b.d', ['board-deliberating']],
      ['e', []],
    ]);
    const sut = new StateTagIndex([definition]);
    expect(sut.statesTagged('board-deliberating')).toEqual(['b.c', 'b.d']);
    expect(sut.statesTagged('board-deliberating', 'proposal')).toEqual([]);
    expect(sut.stateNames()).toEqual(['a', 'b.c', 'b.d', 'e']);
  });

  it('refuses a definition with a tag that is not a state tag', () => {
    const typo = defineWorkflow({
      ...definition,
      machine: createMachine({ id: 'tagged', initial: 'a', states: { a: { tags: ['panel_on'] } } }),
    });
    expect(() => new StateTagIndex([typo])).toThrow('tagged@1 a: unknown state tag panel_on');
  });
});
