import { createMachine, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { notify, WORKFLOWS, workflowKey, type WorkflowDefinition } from '../../../workflows/index.js';
import { sicorpJointProposalV1 } from '../../../workflows/sicorp-joint-proposal.machine.js';
import { LOCALES, TEMPLATE_DIR, TemplateCatalog } from '../../modules/notifications/template-catalog.js';
import {
  checkReport,
  checkWorkflow,
  machineEvents,
  statesWithoutWayOut,
  templatesIn,
  unreachableStates,
} from '../workflow-check.js';

const catalog = new TemplateCatalog(TEMPLATE_DIR);
const options = {
  templates: templatesIn(TEMPLATE_DIR),
  locales: LOCALES,
  subjectsOf: (template: string) => catalog.rule(template)?.subjects,
};
const base = sicorpJointProposalV1.machine as AnyStateMachine;
const states = base.config.states as Record<string, Record<string, unknown>>;

/** A deliberately broken copy of sicorp-joint-proposal@1: its states patched, its guards or rules replaced. */
function brokenCopy(patch: {
  states?: Record<string, unknown>;
  guards?: Record<string, unknown>;
  events?: WorkflowDefinition['events'];
}): WorkflowDefinition {
  const machine = setup({
    actions: base.implementations.actions as Record<string, never>,
    guards: (patch.guards ?? base.implementations.guards) as Record<string, never>,
  }).createMachine({
    ...(base.config as object),
    states: { ...states, ...patch.states },
  } as never) as unknown as AnyStateMachine;
  return { ...sicorpJointProposalV1, machine, events: patch.events ?? sicorpJointProposalV1.events };
}

const problemsOf = (definition: WorkflowDefinition) => checkWorkflow(definition, options).problems;

describe('workflow checks', () => {
  it('report a payload field naming a person that applicants and reviewers would read, and a namesPeople field not in the payload', () => {
    const { SUBMIT } = sicorpJointProposalV1.events;
    const sut = brokenCopy({
      events: {
        ...sicorpJointProposalV1.events,
        SUBMIT: { ...SUBMIT, payload: z.object({ reviewerUserId: z.uuid(), email: z.string() }).strict() },
        WITHDRAW: { ...sicorpJointProposalV1.events.WITHDRAW, namesPeople: ['reviewerId'] },
      },
    });
    expect(problemsOf(sut)).toEqual([
      'the payload of SUBMIT names a person (reviewerUserId) shown to applicants and reviewers: list it in namesPeople',
      'the payload of SUBMIT names a person (email) shown to applicants and reviewers: list it in namesPeople',
      'the rule for WITHDRAW lists reviewerId in namesPeople, not a field of its payload',
    ]);
    const declared = brokenCopy({
      events: {
        ...sicorpJointProposalV1.events,
        SUBMIT: {
          ...SUBMIT,
          payload: z.object({ reviewerUserId: z.uuid() }).strict(),
          namesPeople: ['reviewerUserId'],
        },
      },
    });
    expect(problemsOf(declared)).toEqual([]);
  });

  it('pass for every registered workflow version', () => {
    const results = WORKFLOWS.map((d) => checkWorkflow(d, options));

    expect(results.filter((r) => r.problems.length)).toEqual([]);
    expect(checkReport(results).ok).toBe(true);
    expect(results.map((r) => r.workflow)).toEqual(WORKFLOWS.map(workflowKey));
  });

  it('report a template written for another kind of subject, whose placeholders a proposal does not fill', () => {
    const sut = brokenCopy({
      states: {
        submitted: { on: { WITHDRAW: { target: 'withdrawn', actions: notify('review-reminder', ['owners']) } } },
      },
    });

    expect(problemsOf(sut)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/uses template review-reminder, written for assignment, not for a proposal/),
      ]),
    );
  });

  it('report a state no transition leads to', () => {
    const sut = brokenCopy({ states: { orphan: { on: { WITHDRAW: 'withdrawn' } } } });

    expect(problemsOf(sut)).toEqual(['state sicorp-joint-proposal.orphan cannot be reached from the initial state']);
  });

  it('report a state from which no final state can be reached', () => {
    const sut = brokenCopy({ states: { submitted: { on: { START_ELIGIBILITY_CHECK: 'limbo' } }, limbo: {} } });

    expect(problemsOf(sut)).toEqual(
      expect.arrayContaining(['state sicorp-joint-proposal.limbo cannot reach a final state']),
    );
  });

  it('report an event without a permission rule, and a rule without an event', () => {
    const { BOARD_DEFER: _dropped, ...events } = sicorpJointProposalV1.events;
    const sut = brokenCopy({ events: { ...events, TELEPORT: { ...events.BOARD_APPROVE } } });

    expect(problemsOf(sut)).toEqual([
      'event BOARD_DEFER is accepted by the machine but has no permission rule',
      'the rule for TELEPORT names an event no state accepts',
    ]);
  });

  it('report a guard the machine does not implement', () => {
    const { upholds: _dropped, ...guards } = base.implementations.guards;
    const sut = brokenCopy({ guards });

    expect(problemsOf(sut)).toEqual([
      'guard upholds (DECIDE_REDRESS in sicorp-joint-proposal.redress_requested) is not implemented',
    ]);
  });

  it('report an action the machine does not implement, a template without its texts and an unknown role', () => {
    const sut = brokenCopy({
      states: {
        submitted: {
          on: {
            START_ELIGIBILITY_CHECK: {
              target: 'eligibility_check',
              actions: ['shredFiles', notify('no-such-template', ['owners'])],
            },
            WITHDRAW: 'withdrawn',
          },
        },
      },
      events: {
        ...sicorpJointProposalV1.events,
        WITHDRAW: { ...sicorpJointProposalV1.events.WITHDRAW, roles: ['janitor' as never] },
      },
    });

    expect(problemsOf(sut)).toEqual([
      'the rule for WITHDRAW names unknown role janitor',
      'action shredFiles (START_ELIGIBILITY_CHECK in sicorp-joint-proposal.submitted) is not implemented',
      'notify (START_ELIGIBILITY_CHECK in sicorp-joint-proposal.submitted) uses template no-such-template, which has no en text',
      'notify (START_ELIGIBILITY_CHECK in sicorp-joint-proposal.submitted) uses template no-such-template, which has no ja text',
    ]);
  });

  it('print a report naming the failing version and its problems', () => {
    const sut = brokenCopy({ states: { orphan: {} } });

    const report = checkReport([checkWorkflow(sut, options), checkWorkflow(WORKFLOWS[0], options)]);

    expect(report.ok).toBe(false);
    expect(report.text).toContain('FAIL sicorp-joint-proposal@1');
    expect(report.text).toContain('- state sicorp-joint-proposal.orphan cannot be reached from the initial state');
    expect(report.text).toContain('1 of 2 workflow version(s) failed the checks');
  });

  describe('graph walks', () => {
    const broken = createMachine({
      id: 'broken',
      initial: 'a',
      states: {
        a: { on: { GO: 'b' } },
        b: { on: { BACK: 'a' } },
        orphan: { on: { END: 'done' } },
        nested: { initial: 'inner', states: { inner: {} }, on: { STOP: 'done' } },
        done: { type: 'final' },
      },
    });

    it('find the states no transition leads to', () => {
      expect(unreachableStates(broken)).toEqual([
        'broken.orphan',
        'broken.nested',
        'broken.nested.inner',
        'broken.done',
      ]);
    });

    it('find the states from which no final state can be reached', () => {
      expect(statesWithoutWayOut(broken)).toEqual(['broken.a', 'broken.b']);
    });

    it('collect the events of nested states', () => {
      expect(machineEvents(broken)).toEqual(new Set(['GO', 'BACK', 'END', 'STOP']));
    });
  });
});
