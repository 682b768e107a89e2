import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import type { WorkflowDefinition } from '../../../../workflows/index.js';
import type { StateTag } from '../../../../workflows/kit/state-tags.js';
import { isStateTagged } from '../../../engine/state-tags.js';
import { WorkflowRegistry } from '../../../engine/workflow-registry.js';
import type { DashboardCall, DashboardData, DateField, Deadline } from '../../../console/dashboard/dashboard-data.js';
import { DashboardPanels } from '../../../console/dashboard/dashboard-panels.js';
import { stateNames } from '../../../console/workflow/workflow-forms.service.js';
import { CallsRepository } from '../calls.repository.js';

const DATE_COLUMNS: [DateField, 'opens_at' | 'submission_deadline' | 'review_due' | 'panel_date' | 'board_date'][] = [
  ['opensAt', 'opens_at'],
  ['submissionDeadline', 'submission_deadline'],
  ['reviewDue', 'review_due'],
  ['panelDate', 'panel_date'],
  ['boardDate', 'board_date'],
];

/**
 * Whether a date of a call still lies ahead of it by its stage (the call's state tags), not only by
 * the calendar: a submission deadline once the call closed early, or a review due date once the
 * panel convened, is no longer a deadline.
 */
const STAGE_AHEAD: Record<DateField, StateTag> = {
  opensAt: 'opening-ahead',
  submissionDeadline: 'closing-ahead',
  reviewDue: 'panel-ahead',
  panelDate: 'panel-ahead',
  boardDate: 'board-ahead',
};
const stageAhead = (state: string, field: DateField): boolean => isStateTagged(state, STAGE_AHEAD[field], 'call');

/** Final states of a workflow: a call in one of them is over. */
function finalStates(definition: WorkflowDefinition): string[] {
  const root = (definition.machine as AnyStateMachine).root as unknown as { states: Record<string, { type: string }> };
  return Object.entries(root.states)
    .filter(([, node]) => node.type === 'final')
    .map(([name]) => name);
}

/** Delta rows of the counters worth folding after a read (a read sums them meanwhile). */
const COMPACT_AFTER = 2000;

/** What the administrators' dashboard shows: every call, its proposals per state and agency, deadlines. */
@Injectable()
export class CallsDashboard implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CallsDashboard');
  private compacting?: Promise<unknown>;

  constructor(
    private readonly repository: CallsRepository,
    private readonly registry: WorkflowRegistry,
    private readonly panels: DashboardPanels,
  ) {}

  onModuleInit(): void {
    this.panels.provideOverview((includeClosed) => this.read(includeClosed));
    let headline: ReturnType<CallsDashboard['headline']> | null = null;
    // Both figures come from one read per update.
    const once = () => {
      headline ??= this.headline().finally(() => setTimeout(() => (headline = null), 0));
      return headline;
    };
    this.panels.registerFigure({
      id: 'open-calls',
      order: 10,
      label: (t) => t.t('dashboard.headline.openCalls'),
      read: async () => ({ value: (await once()).calls, href: '/console/calls' }),
    });
    this.panels.registerFigure({
      id: 'proposals',
      order: 20,
      label: (t) => t.t('dashboard.headline.proposals'),
      read: async () => {
        const { proposals } = await once();
        return { value: proposals.reduce((n, p) => n + p[1], 0), parts: proposals };
      },
    });
  }

  /** Calls not over and their proposals by state, in the workflows' order of states. */
  private async headline(): Promise<{ calls: number; proposals: [string, number][] }> {
    const definitions = this.registry.all();
    const closed = definitions.filter((d) => d.subject === 'call').flatMap(finalStates);
    const order = [...new Set(definitions.filter((d) => d.subject === 'proposal').flatMap(stateNames))];
    const { calls, proposals } = await this.repository.headline(closed);
    const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
    return {
      calls,
      proposals: proposals.sort((a, b) => rank(a.state) - rank(b.state)).map((p): [string, number] => [p.state, p.n]),
    };
  }

  /** A compaction under way finishes before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.compacting;
  }

  /**
   * Folds the counters' deltas in the background once many piled up (a bulk event over a call), so
   * the next read sums a few rows per key again; one at a time per process, and never in a read's way.
   */
  private compact(): void {
    this.compacting ??= this.repository
      .compactStateCounts(COMPACT_AFTER)
      .catch((e: unknown) => this.logger.warn(`folding the dashboard's counters failed: ${String(e)}`))
      .finally(() => (this.compacting = undefined));
  }

  async read(includeClosed: boolean, now = new Date()): Promise<DashboardData> {
    const definitions = this.registry.all();
    const closed = definitions.filter((d) => d.subject === 'call').flatMap(finalStates);
    const proposalStates = [...new Set(definitions.filter((d) => d.subject === 'proposal').flatMap(stateNames))];
    const rows = await this.repository.dashboardCalls(includeClosed, closed);
    const counts = rows.length ? await this.repository.proposalCounts(rows.map((r) => r.id)) : [];
    this.compact();
    const calls = rows.map((r): DashboardCall => {
      const agencies = r.agencies ?? [];
      const perAgency: DashboardCall['counts'] = Object.fromEntries(agencies.map((a) => [a, {}]));
      for (const c of counts) if (c.call_id === r.id) (perAgency[c.agency] ??= {})[c.state] = c.n;
      const dates = Object.fromEntries(
        DATE_COLUMNS.map(([field, column]) => [field, r[column] ? r[column].toISOString() : null]),
      ) as DashboardCall['dates'];
      const titles = { en: r.title_en, ja: r.title_ja };
      const authoritativeLanguage = r.authoritative_language;
      return {
        id: r.id,
        title: r.title,
        titles,
        authoritativeLanguage,
        program: r.program,
        state: r.state,
        dates,
        agencies,
        counts: perAgency,
      };
    });
    const deadlines = calls
      .filter((c) => !closed.includes(c.state))
      .flatMap((c) =>
        DATE_COLUMNS.map(([field]) => ({
          callId: c.id,
          title: c.title,
          titles: c.titles,
          authoritativeLanguage: c.authoritativeLanguage,
          field,
          at: c.dates[field],
        })),
      )
      .filter(
        (d): d is Deadline =>
          d.at !== null && new Date(d.at) > now && stageAhead(calls.find((c) => c.id === d.callId)!.state, d.field),
      )
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, 10);
    return { calls, proposalStates, deadlines };
  }
}
