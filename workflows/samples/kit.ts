/**
 * Sample events that walk a workflow's machine, for `npm run workflows:fixtures` (snapshot fixtures
 * of every released version: test/fixtures/snapshots/). One file per workflow id, listed in
 * `index.ts`; its versions share it (an event a version does not know is never tried there).
 */
export interface WorkflowSamples {
  /** The machine's input: `access` and whatever else it takes. */
  input: Record<string, unknown>;
  /**
   * Candidate events per type, payload and server facts included as the machine sees them. The
   * explorer tries each candidate in every state that accepts it (each at most once per path).
   */
  events: Record<string, Record<string, unknown>[]>;
}

/** Two agencies, JST leading: the bilateral set-up most samples use. */
export const BILATERAL = { agencies: ['JST', 'NSF'], lead: 'JST', owners: ['00000000-0000-4000-8000-00000000000a'] };

/** A fixed clock: the fixtures are the same every time they are generated. */
export const NOW = '2027-06-01T00:00:00.000Z';
export const LATER = '2027-09-01T00:00:00.000Z';
export const SOME_USER = '00000000-0000-4000-8000-000000000001';
export const SOME_PROPOSAL = '00000000-0000-4000-8000-000000000002';
