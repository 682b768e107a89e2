import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { detectConflicts, isWaived, type Conflict, type ConflictSubject } from './conflicts.js';

/** Reads shared by the review services, on the caller's query runner (inside its transaction when it has one). */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by each caller
type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

export const ruleViolated = (reasons: string[]): DomainException =>
  new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });

/** The call's review set-up, kept in its workflow context (configured through CONFIGURE_REVIEW). */
export async function callSettings(
  q: Queryable,
  callId: string,
): Promise<{ settings: ReviewSettings; state: string; reviewDue: Date | null }> {
  const [row] = await q.query(
    `SELECT wi.snapshot -> 'context' -> 'review' AS review, wi.state, c.review_due FROM calls c JOIN workflow_instances wi ON wi.id = c.id WHERE c.id = $1`,
    [callId],
  );
  if (!row) throw DomainException.notFound(`call ${callId}`);
  return {
    settings: (row.review as ReviewSettings | null) ?? DEFAULT_REVIEW_SETTINGS,
    state: row.state,
    reviewDue: row.review_due,
  };
}

export async function proposalSubject(
  q: Queryable,
  proposalId: string,
): Promise<ConflictSubject & { callId: string; state: string; title: string }> {
  const [row] = await q.query(
    `SELECT p.call_id, p.applicant_user_id, p.title, wi.state,
            (SELECT coalesce(json_agg(json_build_object('agency', a.code, 'piName', pp.pi_name, 'piEmail', pp.pi_email, 'institution', pp.institution) ORDER BY a.code), '[]')
               FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = p.id) AS parties
       FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.id = $1`,
    [proposalId],
  );
  if (!row) throw DomainException.notFound(`proposal ${proposalId}`);
  return {
    callId: row.call_id,
    applicantUserId: row.applicant_user_id,
    title: row.title,
    state: row.state,
    parties: row.parties,
  };
}

/** A user's conflicts of interest with a proposal, detected and declared, but those a PD waived. */
export async function conflictsOf(
  q: Queryable,
  userId: string,
  proposalId: string,
  subject?: ConflictSubject,
): Promise<{ conflicts: Conflict[] }> {
  const target = subject ?? (await proposalSubject(q, proposalId));
  const [profile] = await q.query(
    `SELECT u.email,
            coalesce((SELECT array_agg(r.institution) FROM reviewers r WHERE r.user_id = u.id), '{}') AS institutions,
            coalesce((SELECT array_agg(c) FROM reviewers r, unnest(r.recent_coauthors) c WHERE r.user_id = u.id), '{}') AS coauthors,
            coalesce((SELECT array_agg(d.reason ORDER BY d.created_at) FROM conflict_declarations d WHERE d.user_id = u.id AND d.proposal_id = $2), '{}') AS declared,
            coalesce((SELECT array_agg(w.kind) FROM conflict_waivers w WHERE w.user_id = u.id AND w.proposal_id = $2), '{}') AS waived
       FROM users u WHERE u.id = $1`,
    [userId, proposalId],
  );
  if (!profile) return { conflicts: [] };
  const conflicts = detectConflicts(
    { userId, email: profile.email, institutions: profile.institutions, coauthors: profile.coauthors },
    target,
    profile.declared,
  );
  const waived = new Set<string>(profile.waived);
  return { conflicts: conflicts.filter((c) => !isWaived(c.kind, waived)) };
}

export async function agencyIdOf(q: Queryable, code: string): Promise<string> {
  const [row] = await q.query(`SELECT id FROM agencies WHERE code = $1`, [code]);
  if (!row) throw DomainException.notFound(`agency ${code}`);
  return row.id;
}
