import { assign, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, rulesFor, type EventRule, type WorkflowDefinition } from './definition.js';
import { notify, type ScheduleEffect } from './effects.js';
import { extensionRefusals, type ProposalContext } from './proposal-kit.js';

/**
 * A project's second period (CHIRP, seed 003: "Research period : 5 years" and "long-term (up to 10
 * years)"), opt-in for a proposal workflow that has `interimEvaluationAndExtension()`: `extended` is
 * no longer where the hub ends.
 *
 * - The hub's interim report asks for the second period's length (`extensionMonths`): refused when
 *   outside the program's bounds or when the two periods together pass the program's cap (CHIRP: 120
 *   months, ten years).
 * - Each agency extending its side gives its budget per year of the second period (`budgetPerYear`,
 *   one amount per year; JST's within the program's yearly limits).
 * - Once every agency extends, the hub is in `second_period`, from the end of its first period
 *   (the announcement of its award plus `firstMonths`) to its own end (plus `extensionMonths`); a
 *   durable timer (`second-period-end`) ends it: `completed`. Not extended, it `concluded` with its
 *   first period, as before.
 *
 * The base version is read, never changed, so its running instances finish on it.
 */
export interface PeriodOptions {
  version: number;
  title: string;
  periods: { firstMonths: number; extensionMonths: { min: number; max: number }; totalMaxMonths: number };
  /** The Japanese side's yearly limits (the program's `jstBudgetPerYear`). */
  jstBudgetPerYear: { min: number | null; max: number | null };
}

export interface SecondPeriod {
  months: number;
  startsAt: string;
  endsAt: string;
  /** Each agency's budget per year of the second period. */
  budgets: Record<string, number[]>;
}

export interface ProposalContextPeriods extends ProposalContext {
  /** The second period the hub asked for in its interim report (months), before the agencies decide. */
  requestedExtensionMonths: number | null;
  /** The first period, from the announcement of the award. */
  firstPeriod: { months: number; startsAt: string; endsAt: string } | null;
  secondPeriod: SecondPeriod | null;
  /** Each extending agency's yearly budget of the second period, until every agency has decided. */
  extensionBudgets: Record<string, number[]>;
}

type StateConfig = Record<string, unknown> & { on?: Record<string, unknown>; always?: unknown };
type InterimReport = { type: 'SUBMIT_INTERIM_REPORT'; report: string; extensionMonths?: number };
type Decision = {
  type: 'DECIDE_EXTENSION';
  agency: string;
  extend: boolean;
  reason?: string;
  budgetPerYear?: number[];
};

/** Adds `months` calendar months to an ISO date. */
export const addMonths = (iso: string, months: number): string => {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString();
};

const text = (max: number) => z.string().trim().min(1).max(max);
const agencyCode = z.string().regex(/^[A-Z0-9-]{2,16}$/, 'an agency code such as JST');
const amount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Why the requested second period does not fit the program. */
export const extensionLengthRefusals = (o: PeriodOptions, e: InterimReport): string[] => {
  const { firstMonths, extensionMonths, totalMaxMonths } = o.periods;
  const n = e.extensionMonths;
  if (n === undefined) return [];
  const problems: string[] = [];
  if (n < extensionMonths.min || n > extensionMonths.max)
    problems.push(
      `a second period of ${n} months is outside the program's ${extensionMonths.min}-${extensionMonths.max} months`,
    );
  if (firstMonths + n > totalMaxMonths)
    problems.push(
      `a second period of ${n} months would take the hub to ${firstMonths + n} months, past the program's ${totalMaxMonths} months (${totalMaxMonths / 12} years) in all`,
    );
  return problems;
};

/** Why an agency's decision to extend is refused: decided already, or its budget does not fit the second period. */
export const extensionDecisionRefusals = (o: PeriodOptions, c: ProposalContextPeriods, e: Decision): string[] => {
  const problems = extensionRefusals(c, e.agency);
  if (problems.length || !e.extend) return problems;
  const months = c.requestedExtensionMonths ?? 0;
  const years = Math.ceil(months / 12);
  const budget = e.budgetPerYear;
  if (!budget) return [`${e.agency} extends: give its budget per year of the second period (budgetPerYear)`];
  if (budget.length !== years)
    problems.push(`${e.agency} gives ${budget.length} yearly budgets for a second period of ${years} year(s)`);
  if (e.agency === 'JST') {
    const { min, max } = o.jstBudgetPerYear;
    budget.forEach((x, i) => {
      if (max !== null && x > max)
        problems.push(`JST's budget of ${x} in year ${i + 1} of the second period is above the program's ${max}`);
      if (min !== null && x < min)
        problems.push(`JST's budget of ${x} in year ${i + 1} of the second period is below the program's ${min}`);
    });
  }
  return problems;
};

export function secondPeriodVersion(base: WorkflowDefinition, o: PeriodOptions): WorkflowDefinition {
  const v = base.machine as AnyStateMachine;
  const states = { ...(v.config.states as Record<string, StateConfig>) };
  for (const name of ['awarded', 'interim_evaluation', 'extension_review', 'extended'])
    if (!states[name]) throw new Error(`secondPeriodVersion: ${base.id} has no ${name} state`);
  const baseContext = v.config.context as (args: unknown) => ProposalContext;
  const { actions: baseActions, guards: baseGuards } = v.implementations;

  const awarded = states.awarded;
  states.awarded = {
    ...awarded,
    on: {
      ...awarded.on,
      START_INTERIM_EVALUATION: {
        ...(awarded.on!.START_INTERIM_EVALUATION as object),
        actions: [
          'recordFirstPeriod',
          ...[(awarded.on!.START_INTERIM_EVALUATION as { actions?: unknown }).actions ?? []].flat(),
        ],
      },
    },
  };
  const interim = states.interim_evaluation;
  states.interim_evaluation = {
    ...interim,
    on: {
      ...interim.on,
      SUBMIT_INTERIM_REPORT: {
        ...(interim.on!.SUBMIT_INTERIM_REPORT as object),
        guard: 'extensionLengthFits',
        actions: [
          'recordRequestedExtension',
          ...[(interim.on!.SUBMIT_INTERIM_REPORT as { actions?: unknown }).actions ?? []].flat(),
        ],
      },
    },
  };
  const review = states.extension_review;
  states.extension_review = {
    ...review,
    always: (review.always as { target: string; actions?: unknown }[]).map((t) =>
      t.target === 'extended'
        ? {
            ...t,
            target: 'second_period',
            actions: ['openSecondPeriod', ...[t.actions ?? []].flat()],
          }
        : t,
    ),
    on: {
      DECIDE_EXTENSION: {
        guard: 'agencyMayDecideExtensionWithBudget',
        actions: ['recordExtensionDecision', 'recordExtensionBudget'],
      },
    },
  };
  delete states.extended;
  states.second_period = {
    // As `awarded`: the reviews stay shared, the budgets held.
    tags: ['panel-on', 'budget-holding'],
    entry: [
      {
        type: 'schedule',
        params: ({ context }: { context: ProposalContextPeriods }): ScheduleEffect => ({
          timer: 'second-period-end',
          at: context.secondPeriod!.endsAt,
          event: 'END_SECOND_PERIOD',
        }),
      },
    ],
    on: {
      END_SECOND_PERIOD: {
        target: 'completed',
        actions: notify('hub-completed', ['owners', 'principal-investigators', 'participant-staff']),
      },
    },
  };
  states.completed = { type: 'final', tags: ['budget-holding'] };

  const machine = setup({
    actions: {
      ...(baseActions as Record<string, never>),
      recordFirstPeriod: assign({
        firstPeriod: ({ context }: { context: ProposalContextPeriods }) => {
          const startsAt = context.result?.announcedAt ?? new Date(0).toISOString();
          return { months: o.periods.firstMonths, startsAt, endsAt: addMonths(startsAt, o.periods.firstMonths) };
        },
      }),
      recordRequestedExtension: assign({
        requestedExtensionMonths: ({ event }: { event: InterimReport }) =>
          event.extensionMonths ?? o.periods.totalMaxMonths - o.periods.firstMonths,
      }),
      recordExtensionBudget: assign({
        extensionBudgets: ({ context, event }: { context: ProposalContextPeriods; event: Decision }) =>
          event.extend && event.budgetPerYear
            ? { ...context.extensionBudgets, [event.agency]: event.budgetPerYear }
            : context.extensionBudgets,
      }),
      openSecondPeriod: assign({
        secondPeriod: ({ context }: { context: ProposalContextPeriods }) => {
          const months = context.requestedExtensionMonths ?? 0;
          const startsAt = context.firstPeriod!.endsAt;
          return { months, startsAt, endsAt: addMonths(startsAt, months), budgets: context.extensionBudgets };
        },
      }),
    } as never,
    guards: {
      ...(baseGuards as Record<string, never>),
      extensionLengthFits: ({ event }: { event: InterimReport }) => extensionLengthRefusals(o, event).length === 0,
      agencyMayDecideExtensionWithBudget: ({ context, event }: { context: ProposalContextPeriods; event: Decision }) =>
        extensionDecisionRefusals(o, context, event).length === 0,
    } as never,
  }).createMachine({
    ...(v.config as object),
    context: (args: unknown): ProposalContextPeriods => ({
      ...baseContext(args),
      requestedExtensionMonths: null,
      firstPeriod: null,
      secondPeriod: null,
      extensionBudgets: {},
    }),
    states,
  } as never) as unknown as AnyStateMachine;

  const { extensionMonths } = o.periods;
  const vocabulary: Record<string, EventRule> = {
    ...base.events,
    SUBMIT_INTERIM_REPORT: {
      ...base.events.SUBMIT_INTERIM_REPORT,
      payload: z
        .object({
          report: text(20000),
          extensionMonths: z.number().int().min(1).max(1200).optional(),
        })
        .strict(),
      explain: ((_c: ProposalContextPeriods, e: InterimReport) =>
        extensionLengthRefusals(o, e)) as EventRule['explain'],
      description: `The applicants submit the interim report of the hub, asking for a second period of extensionMonths (${extensionMonths.min}-${extensionMonths.max} months; default: what is left of the program's ${o.periods.totalMaxMonths} months).`,
    },
    DECIDE_EXTENSION: {
      ...base.events.DECIDE_EXTENSION,
      payload: z
        .object({
          agency: agencyCode.optional(),
          extend: z.boolean(),
          reason: text(4000).optional(),
          budgetPerYear: z.array(amount).min(1).max(10).optional(),
        })
        .strict(),
      explain: ((c: ProposalContextPeriods, e: Decision) => extensionDecisionRefusals(o, c, e)) as EventRule['explain'],
      description:
        'An agency decides on a second period of its side of the hub; extending, it gives its budget per year of that period. The hub goes on into its second period only if every agency extends.',
    },
    END_SECOND_PERIOD: {
      roles: ['administrator'],
      scope: 'lead',
      system: true,
      payload: z.object({}).strict(),
      description: 'Timer: the second period of the hub ends; the hub is completed.',
    },
  };
  return defineWorkflow({
    ...base,
    version: o.version,
    title: o.title,
    machine,
    events: rulesFor(machine, vocabulary),
  });
}
