import type { Bilingual, Language } from '../../../workflows/kit/translations.js';

/** What the dashboard's calls column shows; the calls module provides it (DashboardPanels.provideOverview). */
export interface DashboardCall {
  id: string;
  /** The authoritative title; `titles` each language's (shown in the reader's). */
  title: string;
  titles?: Bilingual;
  authoritativeLanguage?: Language;
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
  titles: Bilingual | undefined;
  authoritativeLanguage: Language | undefined;
  field: DateField;
  at: string;
}

export interface DashboardData {
  calls: DashboardCall[];
  /** Proposal states in workflow order, for columns and legends. */
  proposalStates: string[];
  deadlines: Deadline[];
}

/** Reads the calls column of the dashboard: every call (closed ones only when asked), counts, deadlines. */
export type DashboardOverview = (includeClosed: boolean) => Promise<DashboardData>;

/** No calls module: an empty column. */
export const EMPTY_OVERVIEW: DashboardOverview = async () => ({ calls: [], proposalStates: [], deadlines: [] });
