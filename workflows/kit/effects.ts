/**
 * Effect descriptions a definition emits. Actions of these types do nothing when run: the engine
 * collects them from XState's pure `transition()` and writes them to the outbox in the same
 * database transaction as the state change.
 */
export type Audience =
  | 'owners'
  | 'lead-program-officers'
  | 'participant-staff'
  | 'participant-program-officers'
  | 'event-agency-staff'
  | 'panel-members'
  | 'board-members'
  | 'steering-committee'
  | 'administrators'
  /** The program directors of the agencies of the subject (escalations). */
  | 'participant-program-directors'
  /** Each party's principal investigator of a proposal (a user when one has the PI's address). */
  | 'principal-investigators'
  /**
   * The proposal's applicants alone (its owners, who send its owner-scoped events such as
   * REQUEST_REDRESS), without the members of its parties whom `owners` adds (issue 15).
   */
  | 'applicants';

export const AUDIENCES: readonly Audience[] = [
  'owners',
  'lead-program-officers',
  'participant-staff',
  'participant-program-officers',
  'event-agency-staff',
  'panel-members',
  'board-members',
  'steering-committee',
  'administrators',
  'principal-investigators',
  'participant-program-directors',
  'applicants',
];

export interface NotifyEffect {
  template: string;
  audience: Audience[];
  /** Users named explicitly (a reviewer's invitation goes to that reviewer only). */
  recipients?: string[];
  /** Ids and plain facts the template may show; never personal data or review text. */
  data?: Record<string, unknown>;
}

export interface ScheduleEffect {
  timer: string;
  /** ISO date, or a context date field name resolved by the engine. */
  at: string;
  /**
   * Due this many days after the transition that set it (the engine holds the clock, the definition
   * stays pure); `at` is then only a label (`'after-days'`).
   */
  afterDays?: number;
  event: string;
}

export const EFFECT_ACTIONS = {
  notify: (_: unknown, _params: NotifyEffect) => undefined,
  schedule: (_: unknown, _params: ScheduleEffect) => undefined,
};

export const EFFECT_TYPES = new Set(Object.keys(EFFECT_ACTIONS));

export const notify = (template: string, audience: Audience[], data?: Record<string, unknown>) =>
  ({ type: 'notify', params: { template, audience, ...(data ? { data } : {}) } }) as const;

/** A notification to named users (and optionally audiences), e.g. the reviewer of an assignment. */
export const notifyUsers = (template: string, recipients: string[], audience: Audience[] = []) =>
  ({ type: 'notify', params: { template, audience, recipients } }) as const;

/** A durable timer of this instance: `event` is sent when `at` (ISO date or a context field) falls due. */
export const schedule = (timer: string, at: string, event: string) =>
  ({ type: 'schedule', params: { timer, at, event } }) as const;

/** A durable timer due `days` after the transition that sets it (a stage's due date, an answer window). */
export const scheduleAfterDays = (timer: string, days: number, event: string) =>
  ({ type: 'schedule', params: { timer, at: 'after-days', afterDays: days, event } }) as const;
