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
  /** The principal investigator of every party of the proposal (they need not be users). */
  | 'principal-investigators';

export interface NotifyEffect {
  template: string;
  audience: Audience[];
  /** Users addressed by id, beside the audience (the invited reviewer). */
  recipients?: string[];
  data?: Record<string, unknown>;
}

export interface ScheduleEffect {
  timer: string;
  /** ISO date, or a context date field name resolved by the engine. */
  at: string;
  event: string;
}

export const EFFECT_ACTIONS = {
  notify: (_: unknown, _params: NotifyEffect) => undefined,
  schedule: (_: unknown, _params: ScheduleEffect) => undefined,
};

export const EFFECT_TYPES = new Set(Object.keys(EFFECT_ACTIONS));

export const notify = (template: string, audience: Audience[]) =>
  ({ type: 'notify', params: { template, audience } }) as const;
