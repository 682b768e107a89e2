/**
 * Conflicts of interest between a reviewer and a proposal (ARCHITECTURE.md section 1): the
 * reviewer is a party (the applicant, or a party's principal investigator), works at the same
 * institution as a party's PI, or lists a PI among their recent co-authors; or declared one.
 * Detection runs across agencies: any reviewer against every party. A PD's waiver lifts them all.
 *
 * The same rules exist twice: as pure functions (bulk assignment, explanations) and as SQL
 * (`conflictedSql`, for access checks and lists). `normalize` and `NORMALIZE_SQL` must agree.
 */

export const normalize = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

export const normalizeSql = (expr: string): string => `lower(btrim(regexp_replace(${expr}, '\\s+', ' ', 'g')))`;

export interface ConflictProfile {
  userId: string;
  email: string | null;
  /** Institutions and co-authors of every reviewer profile the user has (one per agency pool). */
  institutions: string[];
  coauthors: string[];
}

export interface ConflictSubject {
  applicantUserId: string;
  parties: { agency: string; piName: string; piEmail: string | null; institution: string }[];
}

export type ConflictKind = 'party' | 'same-institution' | 'co-author' | 'declared';

export interface Conflict {
  kind: ConflictKind;
  reason: string;
}

export function detectConflicts(profile: ConflictProfile, subject: ConflictSubject, declared: string[] = []): Conflict[] {
  const found: Conflict[] = [];
  if (profile.userId === subject.applicantUserId) found.push({ kind: 'party', reason: 'the reviewer is the applicant of this proposal' });
  const institutions = new Set(profile.institutions.map(normalize));
  const coauthors = new Set(profile.coauthors.map(normalize));
  const email = profile.email ? normalize(profile.email) : null;
  for (const party of subject.parties) {
    if (email && party.piEmail && normalize(party.piEmail) === email) {
      found.push({ kind: 'party', reason: `the reviewer is the principal investigator of the ${party.agency} party` });
    }
    if (institutions.has(normalize(party.institution))) {
      found.push({ kind: 'same-institution', reason: `the reviewer works at the institution of the ${party.agency} party's principal investigator` });
    }
    if (coauthors.has(normalize(party.piName))) {
      found.push({ kind: 'co-author', reason: `the ${party.agency} party's principal investigator is a recent co-author of the reviewer` });
    }
  }
  for (const reason of declared) found.push({ kind: 'declared', reason: `the reviewer declared a conflict of interest: ${reason}` });
  return found;
}

/**
 * SQL that is true when user `userParam` has a conflict of interest with proposal `proposal` (an
 * alias with columns id and applicant_user_id) that no PD has waived.
 */
export function conflictedSql(userParam: string, proposal: string): string {
  return `(NOT EXISTS (SELECT 1 FROM conflict_waivers cw WHERE cw.proposal_id = ${proposal}.id AND cw.user_id = ${userParam})
    AND (${proposal}.applicant_user_id = ${userParam}
      OR EXISTS (SELECT 1 FROM conflict_declarations cd WHERE cd.proposal_id = ${proposal}.id AND cd.user_id = ${userParam})
      OR EXISTS (SELECT 1 FROM proposal_parties cpp JOIN users cu ON cu.id = ${userParam}
                  WHERE cpp.proposal_id = ${proposal}.id AND ${normalizeSql('cpp.pi_email')} = ${normalizeSql('cu.email')})
      OR EXISTS (SELECT 1 FROM reviewers cr JOIN proposal_parties cpp ON cpp.proposal_id = ${proposal}.id
                  WHERE cr.user_id = ${userParam}
                    AND (${normalizeSql('cr.institution')} = ${normalizeSql('cpp.institution')}
                         OR EXISTS (SELECT 1 FROM unnest(cr.recent_coauthors) co WHERE ${normalizeSql('co')} = ${normalizeSql('cpp.pi_name')})))))`;
}

/**
 * Every reviewer of a pool indexed by what conflicts are detected on, so the reviewers conflicted
 * with one proposal are found in O(parties) lookups rather than a scan of the pool.
 */
export class ConflictIndex {
  private readonly byInstitution = new Map<string, number[]>();
  private readonly byCoauthor = new Map<string, number[]>();
  private readonly byEmail = new Map<string, number[]>();
  private readonly byUser = new Map<string, number[]>();

  constructor(reviewers: readonly { userId: string; email: string | null; institution: string; recentCoauthors: string[] }[]) {
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
    });
  }

  /** Indexes of the reviewers conflicted with the subject (declared conflicts and waivers by user id). */
  conflicted(subject: ConflictSubject, declaredUsers: Iterable<string> = [], waivedUsers: ReadonlySet<string> = new Set()): Set<number> {
    const out = new Set<number>();
    const take = (list: number[] | undefined) => list?.forEach((i) => out.add(i));
    take(this.byUser.get(subject.applicantUserId));
    for (const party of subject.parties) {
      take(this.byInstitution.get(normalize(party.institution)));
      take(this.byCoauthor.get(normalize(party.piName)));
      if (party.piEmail) take(this.byEmail.get(normalize(party.piEmail)));
    }
    for (const user of declaredUsers) take(this.byUser.get(user));
    if (waivedUsers.size > 0) {
      for (const [user, list] of this.byUser) if (waivedUsers.has(user)) list.forEach((i) => out.delete(i));
    }
    return out;
  }
}
