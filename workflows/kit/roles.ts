/** Roles are held per agency (administrator may be held without one). Names used everywhere. */
export const ROLES = [
  'applicant',
  'agency_officer',
  'program_officer',
  'program_director',
  'reviewer',
  'panel_member',
  'steering_committee_member',
  'board_member',
  'administrator',
] as const;

export type Role = (typeof ROLES)[number];

/** Agency staff who manage a call's proposals on their agency's side. */
export const AGENCY_STAFF: readonly Role[] = ['agency_officer', 'program_officer', 'program_director'];
