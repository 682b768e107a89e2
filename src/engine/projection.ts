/**
 * The engine's read model of its instances (table `workflow_projections`): what other modules need
 * from a workflow's context, as typed, indexed columns written in the transition's own statement.
 * Nobody outside the engine reads `workflow_instances.snapshot`: they join this table on
 * `instance_id` instead. A value absent from the context (or JSON null) is SQL NULL.
 */

/** The columns of `workflow_projections` beside `instance_id` and `subject_type`. */
export interface InstanceProjection {
  /** `access.agencies` (text[], GIN index). */
  agencies: string[];
  /** `access.lead`. */
  lead: string | null;
  /** `access.owners` (text[]). */
  owners: string[];
  /** An assignment's `dueAt` (timestamptz, ISO string here). */
  dueAt: string | null;
  /** A proposal's `result`, `selection` (agency -> decision), `fundingApprovals`, `panel`, `board` (jsonb). */
  result: unknown;
  selection: unknown;
  fundingApprovals: unknown;
  panel: unknown;
  board: unknown;
  /** A call's `boardMeeting`, `review` (its review settings) and `nationalCriteria` (jsonb). */
  boardMeeting: unknown;
  review: unknown;
  nationalCriteria: unknown;
}

type JsonColumn =
  'result' | 'selection' | 'fundingApprovals' | 'panel' | 'board' | 'boardMeeting' | 'review' | 'nationalCriteria';

/** Which context paths each subject type projects (the others stay NULL for it). */
export const PROJECTED_CONTEXT: Record<string, { json: readonly JsonColumn[]; dueAt: boolean }> = {
  call: { json: ['boardMeeting', 'review', 'nationalCriteria'], dueAt: false },
  proposal: { json: ['result', 'selection', 'fundingApprovals', 'panel', 'board'], dueAt: false },
  assignment: { json: [], dueAt: true },
};

/** Column names in table order, beside the keys of InstanceProjection. */
export const PROJECTION_COLUMNS: readonly [keyof InstanceProjection, string, string][] = [
  ['agencies', 'agencies', 'text[]'],
  ['lead', 'lead', 'text'],
  ['owners', 'owners', 'text[]'],
  ['dueAt', 'due_at', 'timestamptz'],
  ['result', 'result', 'jsonb'],
  ['selection', 'selection', 'jsonb'],
  ['fundingApprovals', 'funding_approvals', 'jsonb'],
  ['panel', 'panel', 'jsonb'],
  ['board', 'board', 'jsonb'],
  ['boardMeeting', 'board_meeting', 'jsonb'],
  ['review', 'review', 'jsonb'],
  ['nationalCriteria', 'national_criteria', 'jsonb'],
];

const orNull = (value: unknown): unknown => (value === undefined ? null : value);

/** The projection of one instance's context (after a transition). */
export function projectContext(subjectType: string, context: Record<string, unknown>): InstanceProjection {
  const access = (context.access ?? {}) as { agencies?: string[]; lead?: string; owners?: string[] };
  const declared = PROJECTED_CONTEXT[subjectType] ?? { json: [], dueAt: false };
  const out: InstanceProjection = {
    agencies: [...(access.agencies ?? [])],
    lead: typeof access.lead === 'string' ? access.lead : null,
    owners: [...(access.owners ?? [])],
    dueAt: declared.dueAt && typeof context.dueAt === 'string' ? context.dueAt : null,
    result: null,
    selection: null,
    fundingApprovals: null,
    panel: null,
    board: null,
    boardMeeting: null,
    review: null,
    nationalCriteria: null,
  };
  for (const key of declared.json) out[key] = orNull(context[key]);
  return out;
}

/** The projection as query parameters, in PROJECTION_COLUMNS order (jsonb as text: node-pg would send arrays as PG arrays). */
export function projectionParams(projection: InstanceProjection): unknown[] {
  return PROJECTION_COLUMNS.map(([key, , type]) => {
    const value = projection[key];
    if (type !== 'jsonb') return value;
    return value === null ? null : JSON.stringify(value);
  });
}
