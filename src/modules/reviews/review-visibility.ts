/**
 * Who sees which review, and which of its fields (pure; the issue's rules in one place):
 * - a reviewer sees their own review, draft included, and the others' submitted reviews once theirs
 *   is submitted if the call allows it (without identities or confidential comments);
 * - an agency's officers, PO and PD see that agency's submitted reviews, with identities;
 * - from the joint panel on, the staff and panel members of every participating agency see every
 *   submitted review of the proposal (identities only for the reviewer's own agency);
 * - applicants see only the comments to the applicants, without identities, once results are out.
 */

export interface ReviewRecord {
  assignmentId: string;
  agency: string;
  reviewerUserId: string;
  reviewerName: string;
  scores: Record<string, number>;
  total: number | null;
  recommendation: string | null;
  commentsToApplicants: string | null;
  confidentialComments: string | null;
  submittedAt: string | null;
}

export interface ReviewViewer {
  userId: string | null;
  administrator: boolean;
  /** Agencies where the viewer is an officer, PO or PD. */
  managesAt: ReadonlySet<string>;
  /** Agencies where the viewer holds any staff role (officer, PO, PD, panel, steering, board). */
  staffAt: ReadonlySet<string>;
  /** The viewer owns the proposal (its applicant). */
  owner: boolean;
}

export interface ReviewPhase {
  agencies: readonly string[];
  /** The proposal is at the joint panel or past it. */
  panelOn: boolean;
  resultsAnnounced: boolean;
  reviewersSeeOthers: boolean;
}

export interface ReviewView {
  /** `JST reviewer 2`: stable within the proposal, says nothing about who. */
  label: string;
  agency: string;
  assignmentId?: string;
  reviewer?: { userId: string; name: string };
  scores?: Record<string, number>;
  total?: number | null;
  recommendation?: string | null;
  commentsToApplicants: string | null;
  confidentialComments?: string | null;
  submittedAt?: string | null;
}

export function visibleReviews(
  viewer: ReviewViewer,
  phase: ReviewPhase,
  records: readonly ReviewRecord[],
): ReviewView[] {
  const labels = new Map<string, string>();
  const perAgency = new Map<string, number>();
  for (const r of records) {
    const n = (perAgency.get(r.agency) ?? 0) + 1;
    perAgency.set(r.agency, n);
    labels.set(r.assignmentId, `${r.agency} reviewer ${n}`);
  }
  const ownSubmitted = records.some((r) => r.reviewerUserId === viewer.userId && r.submittedAt !== null);
  const jointViewer = phase.panelOn && phase.agencies.some((a) => viewer.staffAt.has(a));

  const out: ReviewView[] = [];
  for (const r of records) {
    const label = labels.get(r.assignmentId)!;
    const full = (identity: boolean): ReviewView => ({
      label,
      agency: r.agency,
      assignmentId: r.assignmentId,
      ...(identity ? { reviewer: { userId: r.reviewerUserId, name: r.reviewerName } } : {}),
      scores: r.scores,
      total: r.total,
      recommendation: r.recommendation,
      commentsToApplicants: r.commentsToApplicants,
      confidentialComments: r.confidentialComments,
      submittedAt: r.submittedAt,
    });
    if (viewer.userId !== null && r.reviewerUserId === viewer.userId) {
      out.push(full(true));
      continue;
    }
    if (r.submittedAt === null) continue; // drafts are the reviewer's own
    if (viewer.administrator || viewer.managesAt.has(r.agency)) out.push(full(true));
    else if (jointViewer) out.push(full(false));
    else if (ownSubmitted && phase.reviewersSeeOthers) {
      out.push({
        label,
        agency: r.agency,
        scores: r.scores,
        total: r.total,
        recommendation: r.recommendation,
        commentsToApplicants: r.commentsToApplicants,
        submittedAt: r.submittedAt,
      });
    } else if (viewer.owner && phase.resultsAnnounced && r.commentsToApplicants) {
      out.push({ label, agency: r.agency, commentsToApplicants: r.commentsToApplicants });
    }
  }
  return out;
}
