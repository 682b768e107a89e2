import { Injectable } from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import { DataSource } from 'typeorm';
import type { WorkflowDefinition } from '../../../workflows/index.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { stateNames } from '../workflow/workflow-forms.service.js';

export interface DashboardCall {
  id: string;
  title: string;
  program: string;
  state: string;
  dates: Record<DateField, string | null>;
  agencies: string[];
  /** counts[agency][state]: proposals with a party of that agency, by the proposal's state. */
  counts: Record<string, Record<string, number>>;
}

export type DateField = 'opensAt' | 'submissionDeadline' | 'reviewDue' | 'panelDate' | 'boardDate';

export interface Deadline {
  callId: string;
  title: string;
  field: DateField;
  at: string;
}

export interface DashboardData {
  calls: DashboardCall[];
  /** Proposal states in workflow order, for columns and legends. */
  proposalStates: string[];
  deadlines: Deadline[];
}

const DATE_COLUMNS: [DateField, string][] = [
  ['opensAt', 'opens_at'],
  ['submissionDeadline', 'submission_deadline'],
  ['reviewDue', 'review_due'],
  ['panelDate', 'panel_date'],
  ['boardDate', 'board_date'],
];

/** Final states of a workflow: a call in one of them is over. */
function finalStates(definition: WorkflowDefinition): string[] {
  const root = (definition.machine as AnyStateMachine).root as unknown as { states: Record<string, { type: string }> };
  return Object.entries(root.states)
    .filter(([, node]) => node.type === 'final')
    .map(([name]) => name);
}

/** What the administrators' dashboard shows: every call, its proposals per state and agency, deadlines. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: WorkflowRegistry,
  ) {}

  async read(includeClosed: boolean, now = new Date()): Promise<DashboardData> {
    const definitions = this.registry.all();
    const closed = definitions.filter((d) => d.subject === 'call').flatMap(finalStates);
    const proposalStates = [...new Set(definitions.filter((d) => d.subject === 'proposal').flatMap(stateNames))];
    const rows: (Record<string, Date | null> & {
      id: string;
      title: string;
      program: string;
      state: string;
      agencies: string[] | null;
    })[] = await this.dataSource.query(
      `SELECT c.id, c.title, p.code AS program, wi.state, c.opens_at, c.submission_deadline, c.review_due, c.panel_date, c.board_date,
                (SELECT array_agg(a.code ORDER BY ca.role DESC, a.code) FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id
                  WHERE ca.call_id = c.id) AS agencies
           FROM calls c JOIN programs p ON p.id = c.program_id JOIN workflow_instances wi ON wi.id = c.id
          WHERE $1 OR NOT (wi.state = ANY($2))
          ORDER BY c.submission_deadline DESC, c.id
          LIMIT 200`,
      [includeClosed, closed],
    );
    const counts: { call_id: string; agency: string; state: string; n: number }[] = rows.length
      ? await this.dataSource.query(
          `SELECT p.call_id, a.code AS agency, wi.state, count(*)::int AS n
             FROM proposals p
             JOIN workflow_instances wi ON wi.id = p.id
             JOIN proposal_parties pp ON pp.proposal_id = p.id
             JOIN agencies a ON a.id = pp.agency_id
            WHERE p.call_id = ANY($1)
            GROUP BY p.call_id, a.code, wi.state`,
          [rows.map((r) => r.id)],
        )
      : [];
    const calls = rows.map((r): DashboardCall => {
      const agencies = r.agencies ?? [];
      const perAgency: DashboardCall['counts'] = Object.fromEntries(agencies.map((a) => [a, {}]));
      for (const c of counts) if (c.call_id === r.id) (perAgency[c.agency] ??= {})[c.state] = c.n;
      const dates = Object.fromEntries(
        DATE_COLUMNS.map(([field, column]) => [field, r[column] ? (r[column] as Date).toISOString() : null]),
      ) as DashboardCall['dates'];
      return { id: r.id, title: r.title, program: r.program, state: r.state, dates, agencies, counts: perAgency };
    });
    const deadlines = calls
      .filter((c) => !closed.includes(c.state))
      .flatMap((c) => DATE_COLUMNS.map(([field]) => ({ callId: c.id, title: c.title, field, at: c.dates[field] })))
      .filter((d): d is Deadline => d.at !== null && new Date(d.at) > now)
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, 10);
    return { calls, proposalStates, deadlines };
  }
}
