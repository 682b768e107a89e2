/**
 * Conflicts of interest between a reviewer and a proposal (ARCHITECTURE.md section 1): the
 * reviewer is a party (the applicant, or a party's principal investigator), works at the same
 * institution as a party's PI, or lists a PI among their recent co-authors; or declared one.
 * Detection runs across agencies: any reviewer against every party. A PD's waiver lifts exactly
 * one kind of conflict of one user with one proposal (`WaiverKind`); a party's is never waived.
 *
 * The same rules exist twice: as pure functions (bulk assignment, explanations) and as SQL
 * (`conflictedSql` in reviews.repository.ts, for access checks and lists). `normalize` and `normalizeSql` must agree.
 */

export const normalize = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

export interface ConflictProfile {
  userId: string;
  email: string | null;
  /** Institutions and co-authors of every reviewer profile the user has (one per agency pool). */
  institutions: string[];
  coauthors: string[];
}

export interface ConflictSubject {
  applicantUserId: string;
  /**
   * The people of its parties: each party's principal investigator, and the people invited to a
   * party (`role`: principal investigator or team member), so detection covers team members too.
   */
  parties: { agency: string; piName: string; piEmail: string | null; institution: string; role?: string }[];
}

export type ConflictKind = 'party' | 'same-institution' | 'co-author' | 'declared';

export interface Conflict {
  kind: ConflictKind;
  reason: string;
}

/**
 * The kind a waiver lifts: a waivable kind, or `any` for the waivers recorded before waivers named
 * their kind (they lift every waivable kind, as they did then).
 */
export type WaiverKind = Exclude<ConflictKind, 'party'> | 'any';

/** Whether a conflict of this kind is lifted by these waivers. */
export const isWaived = (kind: ConflictKind, waivers: ReadonlySet<string> | undefined): boolean =>
  kind !== 'party' && waivers !== undefined && (waivers.has(kind) || waivers.has('any'));

export function detectConflicts(
  profile: ConflictProfile,
  subject: ConflictSubject,
  declared: string[] = [],
  applicantDeclared: string[] = [],
): Conflict[] {
  const found: Conflict[] = [];
  if (profile.userId === subject.applicantUserId)
    found.push({ kind: 'party', reason: 'the reviewer is the applicant of this proposal' });
  const institutions = new Set(profile.institutions.map(normalize));
  const coauthors = new Set(profile.coauthors.map(normalize));
  const email = profile.email ? normalize(profile.email) : null;
  for (const party of subject.parties) {
    // A person invited to the party (`role`) is named so; its principal investigator as before.
    const whose = party.role
      ? `a ${party.role} of the ${party.agency} party`
      : `the ${party.agency} party's principal investigator`;
    if (email && party.piEmail && normalize(party.piEmail) === email) {
      found.push({
        kind: 'party',
        reason: party.role
          ? `the reviewer is ${whose}`
          : `the reviewer is the principal investigator of the ${party.agency} party`,
      });
    }
    if (institutions.has(normalize(party.institution))) {
      found.push({ kind: 'same-institution', reason: `the reviewer works at the institution of ${whose}` });
    }
    if (coauthors.has(normalize(party.piName))) {
      found.push({
        kind: 'co-author',
        reason: `${party.role ? whose.replace(/^a /, 'a ') : whose} is a recent co-author of the reviewer`,
      });
    }
  }
  for (const reason of declared)
    found.push({ kind: 'declared', reason: `the reviewer declared a conflict of interest: ${reason}` });
  // `type: name` of the people the applicants declared must not review the proposal.
  for (const reason of applicantDeclared)
    found.push({ kind: 'declared', reason: `the applicants declared a conflict of interest (${reason})` });
  return found;
}

/** The kinds of conflict a PD may waive (a party's never). */
export const WAIVABLE: Exclude<ConflictKind, 'party'>[] = ['declared', 'same-institution', 'co-author'];

/**
 * Every reviewer of a pool indexed by what conflicts are detected on, so the reviewers conflicted
 * with one proposal are found in O(parties) lookups rather than a scan of the pool.
 */
export class ConflictIndex {
  private readonly byInstitution = new Map<string, number[]>();
  private readonly byCoauthor = new Map<string, number[]>();
  private readonly byEmail = new Map<string, number[]>();
  private readonly byUser = new Map<string, number[]>();
  private readonly userOf: string[] = [];

  constructor(
    reviewers: readonly { userId: string; email: string | null; institution: string; recentCoauthors: string[] }[],
  ) {
    const add = (map: Map<string, number[]>, key: string, i: number) => {
      const list = map.get(key);
      if (list) list.push(i);
      else map.set(key, [i]);
    };
    reviewers.forEach((r, i) => {
      add(this.byInstitution, normalize(r.institution), i);
      for (const c of r.recentCoauthors) add(this.byCoauthor, normalize(c), i);
      if (r.email) add(this.byEmail, normalize(r.email), i);
      add(this.byUser, r.userId, i);
      this.userOf[i] = r.userId;
    });
  }

  /**
   * Indexes of the reviewers conflicted with the subject (declared conflicts by user id), less the
   * conflicts waived (the kinds waived per user id).
   */
  conflicted(
    subject: ConflictSubject,
    declaredUsers: Iterable<string> = [],
    waived: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ): Set<number> {
    const out = new Set<number>();
    const take = (list: number[] | undefined, kind: ConflictKind) =>
      list?.forEach((i) => {
        if (!isWaived(kind, waived.get(this.userOf[i]))) out.add(i);
      });
    take(this.byUser.get(subject.applicantUserId), 'party');
    for (const party of subject.parties) {
      take(this.byInstitution.get(normalize(party.institution)), 'same-institution');
      take(this.byCoauthor.get(normalize(party.piName)), 'co-author');
      if (party.piEmail) take(this.byEmail.get(normalize(party.piEmail)), 'party');
    }
    for (const user of declaredUsers) take(this.byUser.get(user), 'declared');
    return out;
  }
}
