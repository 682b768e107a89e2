import { z } from 'zod';
import type { Language } from './translations.js';

/**
 * The joint review's rules, as pure functions over facts the server supplies: the call's review
 * set-up, reviews and their scores, panel thresholds, selection within each agency's envelope and
 * the board's list. A guard and the explanation of its refusal are the same code.
 */

export interface Criterion {
  key: string;
  label: string;
  /** null: a common criterion; an agency code: added by that agency, scored by its reviewers only. */
  agency: string | null;
  weight: number;
  /** Below this average score (on the call's scale) a proposal cannot be recommended. */
  threshold: number | null;
  /**
   * The label and a description per language (call workflows from version 2); `label` is the text
   * in the call's authoritative language. Absent on criteria set up under version 1.
   */
  labels?: Partial<Record<Language, string>>;
  descriptions?: Partial<Record<Language, string>>;
}

export interface ReviewSettings {
  scale: { min: number; max: number };
  criteria: Criterion[];
  /** The reviewers' recommendation scale, best first. */
  recommendationScale: string[];
  minReviewersPerAgency: number;
  /** Default due date of reviews (ISO); an invitation may name its own. */
  reviewDue: string | null;
  /** Below this weighted total (or consensus score) a proposal cannot be recommended. */
  totalThreshold: number | null;
  /** Whether a reviewer sees the other reviews of a proposal once they have submitted their own. */
  reviewersSeeOthers: boolean;
  /** Days after the results during which applicants of a rejected proposal may ask for redress. */
  redressDays: number;
}

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  scale: { min: 1, max: 5 },
  criteria: [
    { key: 'excellence', label: 'Scientific excellence', agency: null, weight: 0.4, threshold: null },
    {
      key: 'collaboration',
      label: 'Added value of the international collaboration',
      agency: null,
      weight: 0.3,
      threshold: null,
    },
    { key: 'feasibility', label: 'Feasibility of the plan and the budget', agency: null, weight: 0.3, threshold: null },
  ],
  recommendationScale: ['fund', 'fund_with_changes', 'do_not_fund'],
  minReviewersPerAgency: 3,
  reviewDue: null,
  totalThreshold: null,
  reviewersSeeOthers: false,
  redressDays: 30,
};

const label = z.string().trim().min(1).max(200);
const criterionKey = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lower-case key such as excellence');

const criterionShape = {
  key: criterionKey,
  label,
  weight: z.number().positive().max(100),
  threshold: z.number().nullable().optional(),
};

export const criterionSchema = z.object(criterionShape).strict();

/** A criterion with its label and description in English and Japanese (call workflows from version 2). */
export const bilingualCriterionSchema = z
  .object({
    ...criterionShape,
    labels: z.object({ en: label.optional(), ja: label.optional() }).strict().optional(),
    descriptions: z
      .object({ en: z.string().trim().min(1).max(2000).optional(), ja: z.string().trim().min(1).max(2000).optional() })
      .strict()
      .optional(),
  })
  .strict();

export const reviewSettingsSchema = z
  .object({
    scale: z
      .object({ min: z.number().int().min(0).max(100), max: z.number().int().min(1).max(100) })
      .strict()
      .optional(),
    criteria: z.array(criterionSchema).min(1).max(20).optional(),
    recommendationScale: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/))
      .min(2)
      .max(10)
      .optional(),
    minReviewersPerAgency: z.number().int().min(1).max(20).optional(),
    reviewDue: z.iso.datetime({ offset: true }).nullable().optional(),
    totalThreshold: z.number().nullable().optional(),
    reviewersSeeOthers: z.boolean().optional(),
    redressDays: z.number().int().min(0).max(365).optional(),
  })
  .strict();

/** The review set-up of call workflows from version 2: criteria in both languages. */
export const bilingualReviewSettingsSchema = reviewSettingsSchema.extend({
  criteria: z.array(bilingualCriterionSchema).min(1).max(20).optional(),
});

export type ReviewSettingsPatch = z.infer<typeof bilingualReviewSettingsSchema>;

/** A criterion's texts per language, kept only when given (version 1's criteria stay as they were). */
export const criterionTexts = (c: {
  labels?: Partial<Record<Language, string>>;
  descriptions?: Partial<Record<Language, string>>;
}): Pick<Criterion, 'labels' | 'descriptions'> => ({
  ...(c.labels ? { labels: c.labels } : {}),
  ...(c.descriptions ? { descriptions: c.descriptions } : {}),
});

/** Why a review set-up is not coherent (scale, unique keys, thresholds on the scale). */
export function settingsViolations(s: ReviewSettings): string[] {
  const problems: string[] = [];
  if (s.scale.max <= s.scale.min) problems.push(`the score scale ${s.scale.min}-${s.scale.max} is empty`);
  const keys = new Set<string>();
  for (const c of s.criteria) {
    if (keys.has(c.key)) problems.push(`criterion ${c.key} is defined twice`);
    keys.add(c.key);
    if (c.threshold != null && (c.threshold < s.scale.min || c.threshold > s.scale.max)) {
      problems.push(`the threshold of ${c.key} is outside the scale ${s.scale.min}-${s.scale.max}`);
    }
  }
  if (s.totalThreshold != null && (s.totalThreshold < s.scale.min || s.totalThreshold > s.scale.max)) {
    problems.push(`the total threshold is outside the scale ${s.scale.min}-${s.scale.max}`);
  }
  if (new Set(s.recommendationScale).size !== s.recommendationScale.length)
    problems.push('the recommendation scale repeats a value');
  return problems;
}

export function applySettingsPatch(s: ReviewSettings, patch: ReviewSettingsPatch): ReviewSettings {
  const common = patch.criteria?.map((c) => ({
    key: c.key,
    label: c.label,
    weight: c.weight,
    threshold: c.threshold ?? null,
    agency: null,
    ...criterionTexts(c),
  }));
  return {
    scale: patch.scale ?? s.scale,
    // New common criteria replace the common ones; criteria agencies added are kept.
    criteria: common ? [...common, ...s.criteria.filter((c) => c.agency !== null)] : s.criteria,
    recommendationScale: patch.recommendationScale ?? s.recommendationScale,
    minReviewersPerAgency: patch.minReviewersPerAgency ?? s.minReviewersPerAgency,
    reviewDue: patch.reviewDue === undefined ? s.reviewDue : patch.reviewDue,
    totalThreshold: patch.totalThreshold === undefined ? s.totalThreshold : patch.totalThreshold,
    reviewersSeeOthers: patch.reviewersSeeOthers ?? s.reviewersSeeOthers,
    redressDays: patch.redressDays ?? s.redressDays,
  };
}

/** The criteria a reviewer of `agency` scores: the common ones and those the agency added. */
export const criteriaFor = (s: ReviewSettings, agency: string): Criterion[] =>
  s.criteria.filter((c) => c.agency === null || c.agency === agency);

export interface ReviewContent {
  scores?: Record<string, number>;
  recommendation?: string;
  commentsToApplicants?: string;
  confidentialComments?: string;
}

/** Problems of a review (a draft may be partial; a submitted review must be complete). */
export function reviewViolations(
  s: ReviewSettings,
  agency: string,
  review: ReviewContent,
  complete: boolean,
): string[] {
  const problems: string[] = [];
  const criteria = criteriaFor(s, agency);
  const known = new Set(criteria.map((c) => c.key));
  for (const [key, score] of Object.entries(review.scores ?? {})) {
    if (!known.has(key)) problems.push(`criterion ${key} is not one of this call's criteria for ${agency}`);
    else if (score < s.scale.min || score > s.scale.max)
      problems.push(`the score of ${key} is outside the scale ${s.scale.min}-${s.scale.max}`);
  }
  if (review.recommendation !== undefined && !s.recommendationScale.includes(review.recommendation)) {
    problems.push(`recommendation must be one of ${s.recommendationScale.join(', ')}`);
  }
  if (complete) {
    for (const c of criteria)
      if (review.scores?.[c.key] === undefined) problems.push(`criterion ${c.key} has no score`);
    if (review.recommendation === undefined) problems.push('the review has no recommendation');
    if (!review.commentsToApplicants?.trim()) problems.push('the review has no comments to the applicants');
  }
  return problems;
}

/** Weighted mean of the scores over the criteria of the reviewer's agency. */
export function weightedTotal(s: ReviewSettings, agency: string, scores: Record<string, number>): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteriaFor(s, agency)) {
    if (scores[c.key] === undefined) continue;
    sum += c.weight * scores[c.key];
    weights += c.weight;
  }
  return weights === 0 ? null : Math.round((sum / weights) * 1000) / 1000;
}

export interface TimeFacts {
  /** The server's clock, read when the event is handled (ISO). */
  now: string;
}

export const isPast = (now: string, at: string | null | undefined): boolean =>
  at != null && Date.parse(now) >= Date.parse(at);

export interface ConsolidationFacts {
  settings: ReviewSettings;
  /** Submitted reviews per agency. */
  submittedReviews: Record<string, number>;
}

export function consolidationViolations(
  facts: ConsolidationFacts | undefined,
  agency: string | undefined,
  assessment: { score?: number; recommendation?: string },
): string[] {
  if (!facts) return ['the server did not supply the facts this rule needs'];
  if (agency === undefined) return [];
  const problems: string[] = [];
  const n = facts.submittedReviews[agency] ?? 0;
  if (n < facts.settings.minReviewersPerAgency) {
    problems.push(`${agency} has ${n} submitted review(s); the call requires ${facts.settings.minReviewersPerAgency}`);
  }
  const { min, max } = facts.settings.scale;
  if (assessment.score !== undefined && (assessment.score < min || assessment.score > max))
    problems.push(`the score is outside the scale ${min}-${max}`);
  if (
    assessment.recommendation !== undefined &&
    !facts.settings.recommendationScale.includes(assessment.recommendation)
  ) {
    problems.push(`recommendation must be one of ${facts.settings.recommendationScale.join(', ')}`);
  }
  return problems;
}

export type PanelRecommendation = 'fund' | 'reserve' | 'do_not_fund';

export interface PanelFacts {
  callState: string;
  settings: ReviewSettings;
  /** Mean score of each criterion over every submitted review of the proposal. */
  criterionAverages: Record<string, number>;
}

export function panelViolations(
  facts: PanelFacts | undefined,
  result: { score?: number; recommendation?: PanelRecommendation },
): string[] {
  if (!facts) return ['the server did not supply the facts this rule needs'];
  const problems: string[] = [];
  if (facts.callState !== 'panel')
    problems.push(`the joint panel of the call is not in session (the call is ${facts.callState})`);
  const { min, max } = facts.settings.scale;
  if (result.score !== undefined && (result.score < min || result.score > max))
    problems.push(`the consensus score is outside the scale ${min}-${max}`);
  if (result.recommendation !== undefined && result.recommendation !== 'do_not_fund') {
    const t = facts.settings.totalThreshold;
    if (t != null && result.score !== undefined && result.score < t) {
      problems.push(
        `a consensus score of ${result.score} is below the threshold of ${t}: the proposal cannot be recommended`,
      );
    }
    for (const c of facts.settings.criteria) {
      const avg = facts.criterionAverages[c.key];
      if (c.threshold != null && avg !== undefined && avg < c.threshold) {
        problems.push(
          `the average score of ${c.key} (${avg}) is below its threshold of ${c.threshold}: the proposal cannot be recommended`,
        );
      }
    }
  }
  return problems;
}

export type SelectionDecision = 'select' | 'waitlist' | 'reject';

export interface SelectionFacts {
  /** The agency confirming, its envelope for the call, and what each recommended proposal asks of it. */
  agency: string;
  envelope: number;
  candidates: { proposalId: string; requested: number }[];
  /** What proposals of the call other than the candidates already hold of the envelope (see `BudgetFacts`). */
  committed?: number;
  /**
   * Co-owned calls: the agency's envelope per fiscal year, what other proposals hold of each, and
   * what each candidate asks in each year (`requestedByYear`, keyed by fiscal year). Absent: the
   * call has one envelope (version 1 calls), checked as a whole.
   */
  fiscalYears?: { fiscalYear: number; envelope: number; committed: number }[];
  requestedByYear?: Record<string, Record<string, number>>;
}

/**
 * An agency's confirmed selection decides every recommended proposal once (those not named take
 * `rest`, when given) and stays within its envelope.
 */
export function selectionViolations(
  facts: SelectionFacts | undefined,
  decisions: { proposalId: string; decision: SelectionDecision }[] | undefined,
  rest?: 'waitlist' | 'reject',
): string[] {
  if (!facts) return ['the server did not supply the facts this rule needs'];
  if (decisions === undefined) return [];
  const problems: string[] = [];
  const requested = new Map(facts.candidates.map((c) => [c.proposalId, c.requested]));
  const seen = new Set<string>();
  let used = 0;
  for (const d of decisions) {
    if (!requested.has(d.proposalId))
      problems.push(`proposal ${d.proposalId} is not a recommended proposal of this call`);
    else if (seen.has(d.proposalId)) problems.push(`proposal ${d.proposalId} is decided twice`);
    else if (d.decision === 'select') used += requested.get(d.proposalId)!;
    seen.add(d.proposalId);
  }
  const missing = facts.candidates.filter((c) => !seen.has(c.proposalId)).length;
  if (missing > 0 && rest === undefined)
    problems.push(`${missing} recommended proposal(s) have no decision of ${facts.agency}`);
  if (facts.fiscalYears) {
    // A project's budget per year against that year's envelope of the agency.
    const selected = decisions.filter((d) => d.decision === 'select' && requested.has(d.proposalId));
    const years = new Map(facts.fiscalYears.map((y) => [y.fiscalYear, y]));
    const asked = new Map<number, number>();
    for (const d of new Set(selected.map((x) => x.proposalId)))
      for (const [fy, amount] of Object.entries(facts.requestedByYear?.[d] ?? {}))
        asked.set(Number(fy), (asked.get(Number(fy)) ?? 0) + amount);
    for (const [fy, amount] of [...asked].sort((a, b) => a[0] - b[0])) {
      const y = years.get(fy) ?? { fiscalYear: fy, envelope: 0, committed: 0 };
      if (amount > 0 && amount + y.committed > y.envelope)
        problems.push(
          `the selection uses ${amount} of ${facts.agency}'s envelope of ${y.envelope} for FY${fy}${y.committed > 0 ? `, of which ${y.committed} is already committed` : ''}`,
        );
    }
    return problems;
  }
  const committed = facts.committed ?? 0;
  if (used + committed > facts.envelope) {
    problems.push(
      committed > 0
        ? `the selection uses ${used} of ${facts.agency}'s envelope of ${facts.envelope}, of which ${committed} is already committed`
        : `the selection uses ${used} of ${facts.agency}'s envelope of ${facts.envelope}`,
    );
  }
  return problems;
}

/**
 * Proposal states in which a project holds its parties' budgets of their agencies' envelopes:
 * selected (and on the board's list), approved, funded. Waitlisted, rejected and withdrawn
 * proposals hold nothing.
 */
export const BUDGET_HOLDING_STATES = [
  'selected',
  'deferred',
  'board_approved',
  'funding_agreed',
  'awarded',
  'interim_evaluation',
  'extension_review',
  'extended',
  'concluded',
  // chirp-hub@3: the hub's second period and its end.
  'second_period',
  'completed',
] as const;

/**
 * States in which the agencies decide one by one: a proposal there holds an agency's budget once
 * that agency has decided for it (selected it, or approved its funding), before the others have.
 */
export const BUDGET_DECIDING_STATES = ['recommended', 'funding_decision'] as const;

/**
 * What a decision that commits money needs, per agency it commits: the agency's envelope for the
 * call, what the call's other proposals already hold of it, and what this proposal asks of it
 * (its party's budget over the whole duration). In a co-owned call the figures are those of the
 * agency's tightest fiscal year for this proposal (`fiscalYear`): its envelope that year, what
 * others hold of it, and this proposal's budget that year.
 */
export interface BudgetFacts {
  agencies: { agency: string; envelope: number; committed: number; requested: number; fiscalYear?: number }[];
}

/**
 * Whether the board may decide on a project of the call now: the call's board meeting (date and
 * attendees) is recorded, which it can be only once the steering committee has deliberated (IRCC
 * seed: the board decides after the steering committee's deliberation).
 */
export interface BoardMeetingFacts {
  boardMeetingRecorded: boolean;
}

export function boardMeetingViolations(facts: BoardMeetingFacts | undefined): string[] {
  if (!facts) return ['the server did not supply the facts this rule needs'];
  return facts.boardMeetingRecorded
    ? []
    : [
        "the board decides once the steering committee has deliberated and the call's board meeting (date and attendees) is recorded",
      ];
}

/** No agency is committed beyond its envelope: each named agency's remaining envelope covers its party's request. */
export function budgetViolations(facts: BudgetFacts | undefined, agencies: readonly (string | undefined)[]): string[] {
  if (!facts) return ['the server did not supply the facts this rule needs'];
  const problems: string[] = [];
  for (const agency of agencies) {
    const f = facts.agencies.find((a) => a.agency === agency);
    if (!f) {
      problems.push(`${agency ?? '(no agency)'} has no envelope in this call`);
      continue;
    }
    if (f.committed + f.requested > f.envelope) {
      problems.push(
        `${f.agency} has ${Math.max(0, f.envelope - f.committed)} left of its envelope of ${f.envelope}${f.fiscalYear === undefined ? '' : ` for FY${f.fiscalYear}`} (${f.committed} committed); this proposal asks ${f.requested}`,
      );
    }
  }
  return problems;
}

export interface BoardListFacts {
  /** Proposals of the call on the board's list (selected, awaiting the board). */
  selected: string[];
}

export function boardListViolations(facts: BoardListFacts | undefined, items: string[] | undefined): string[] {
  if (!facts) return ['the server did not supply the facts this rule needs'];
  const problems: string[] = [];
  const listed = new Set(facts.selected);
  const seen = new Set<string>();
  for (const id of items ?? []) {
    if (!listed.has(id)) problems.push(`proposal ${id} is not on the board's list`);
    if (seen.has(id)) problems.push(`proposal ${id} is named twice`);
    seen.add(id);
  }
  return problems;
}
