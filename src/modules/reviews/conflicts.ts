/**
 * Conflicts of interest between a reviewer and a proposal (ARCHITECTURE.md section 1): the
 * reviewer is a party (the applicant, or a party's principal investigator), works at the same
 * institution as a party's PI, or lists a PI among their recent co-authors; or declared one.
 * Detection runs across agencies: any reviewer against every party. A PD's waiver lifts exactly
 * one kind of conflict of one user with one proposal (`WaiverKind`); a party's is never waived.
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
): Conflict[] {
  const found: Conflict[] = [];
  if (profile.userId === subject.applicantUserId)
    found.push({ kind: 'party', reason: 'the reviewer is the applicant of this proposal' });
  const institutions = new Set(profile.institutions.map(normalize));
  const coauthors = new Set(profile.coauthors.map(normalize));
  const email = profile.email ? normalize(profile.email) : null;
  for (const party of subject.parties) {
    if (email && party.piEmail && normalize(party.piEmail) === email) {
      found.push({ kind: 'party', reason: `the reviewer is the principal investigator of the ${party.agency} party` });
    }
    if (institutions.has(normalize(party.institution))) {
      found.push({
        kind: 'same-institution',
        reason: `the reviewer works at the institution of the ${party.agency} party's principal investigator`,
      });
    }
    if (coauthors.has(normalize(party.piName))) {
      found.push({
        kind: 'co-author',
        reason: `the ${party.agency} party's principal investigator is a recent co-author of the reviewer`,
      });
    }
  }
  for (const reason of declared)
    found.push({ kind: 'declared', reason: `the reviewer declared a conflict of interest: ${reason}` });
  return found;
}

/** SQL true when user `u` has a conflict of this kind with proposal `p` (an alias with columns id and applicant_user_id), waived or not. */
const KIND_SQL: Record<ConflictKind, (u: string, p: string) => string> = {
  party: (u, p) => `(${p}.applicant_user_id = ${u}
      OR EXISTS (SELECT 1 FROM proposal_parties cpp JOIN users cu ON cu.id = ${u}
                  WHERE cpp.proposal_id = ${p}.id AND ${normalizeSql('cpp.pi_email')} = ${normalizeSql('cu.email')}))`,
  declared: (u, p) =>
    `EXISTS (SELECT 1 FROM conflict_declarations cd WHERE cd.proposal_id = ${p}.id AND cd.user_id = ${u})`,
  'same-institution': (
    u,
    p,
  ) => `EXISTS (SELECT 1 FROM reviewers cr JOIN proposal_parties cpp ON cpp.proposal_id = ${p}.id
                  WHERE cr.user_id = ${u} AND ${normalizeSql('cr.institution')} = ${normalizeSql('cpp.institution')})`,
  'co-author': (u, p) => `EXISTS (SELECT 1 FROM reviewers cr JOIN proposal_parties cpp ON cpp.proposal_id = ${p}.id
                  WHERE cr.user_id = ${u} AND EXISTS (SELECT 1 FROM unnest(cr.recent_coauthors) co WHERE ${normalizeSql('co')} = ${normalizeSql('cpp.pi_name')}))`,
};

const WAIVABLE: Exclude<ConflictKind, 'party'>[] = ['declared', 'same-institution', 'co-author'];

const waivedSql = (u: string, p: string, kind: ConflictKind) =>
  `EXISTS (SELECT 1 FROM conflict_waivers cw WHERE cw.proposal_id = ${p}.id AND cw.user_id = ${u} AND cw.kind IN ('${kind}', 'any'))`;

/**
 * SQL that is true when user `userParam` has a conflict of interest with proposal `proposal` (an
 * alias with columns id and applicant_user_id) that no PD has waived.
 */
export function conflictedSql(userParam: string, proposal: string): string {
  const waivable = WAIVABLE.map(
    (k) => `(${KIND_SQL[k](userParam, proposal)} AND NOT ${waivedSql(userParam, proposal, k)})`,
  );
  return `(${[KIND_SQL.party(userParam, proposal), ...waivable].join('\n    OR ')})`;
}

/**
 * The conflicts with a proposal, not yet waived, of the members of one agency's reviewer pool: what
 * that agency's PD may waive (a party's conflict never).
 */
export async function waivableConflicts(
  q: { query(sql: string, params?: unknown[]): Promise<unknown> },
  proposalId: string,
  agency: string,
): Promise<{ userId: string; kind: Exclude<ConflictKind, 'party'> }[]> {
  const rows = (await q.query(
    WAIVABLE.map(
      (k) => `SELECT r.user_id, '${k}' AS kind FROM reviewers r JOIN agencies ag ON ag.id = r.agency_id, proposals p
               WHERE p.id = $1 AND ag.code = $2 AND ${KIND_SQL[k]('r.user_id', 'p')} AND NOT ${waivedSql('r.user_id', 'p', k)}`,
    ).join(' UNION ') + ' ORDER BY 1, 2',
    [proposalId, agency],
  )) as { user_id: string; kind: Exclude<ConflictKind, 'party'> }[];
  return rows.map((r) => ({ userId: r.user_id, kind: r.kind }));
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
